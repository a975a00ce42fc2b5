#!/usr/bin/env python3
"""Independent reference for docs/numerics.md (CounterRng, exp/ln/sigmoid, dense order).

Written from the spec in docs/numerics.md, not from the C# code. Python 3.11 has no math.fma, so
fused multiply-add is computed exactly with fractions and rounded once (binary64 via Fraction.__float__,
which rounds correctly; binary32 by the explicit round-half-even below). The C# tests paste its output.
Run: python3 reference_numerics.py
"""
import math
import struct
from fractions import Fraction

M64 = (1 << 64) - 1


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def key(seed, purpose, a=0, b=0):
    k = 0x243F6A8885A308D3
    for w in (seed, purpose, a, b):
        k = mix64(k ^ w)
    return k


def nxt(k, c):
    return mix64((k + 0x9E3779B97F4A7C15 * (c + 1)) & M64)


def uniform32(k, c):
    return (nxt(k, c) >> 40) * 2.0 ** -24


def uniform64(k, c):
    return (nxt(k, c) >> 11) * 2.0 ** -53


def fma64(a, b, c):
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def bits64(v):
    return struct.unpack('<Q', struct.pack('<d', v))[0]


def from64(u):
    return struct.unpack('<d', struct.pack('<Q', u))[0]


def f32(v):
    return struct.unpack('<f', struct.pack('<f', v))[0]


def bits32(v):
    return struct.unpack('<I', struct.pack('<f', v))[0]


def round32(q):
    """Round an exact rational to the nearest binary32 (ties to even), as a Python float."""
    if q == 0:
        return 0.0
    neg = q < 0
    q = abs(q)
    e = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** e > q:
        e -= 1
    e = max(e, -126)
    quantum = Fraction(2) ** (e - 23)
    m = q / quantum
    fl = m.numerator // m.denominator
    rem = m - fl
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2 == 1):
        fl += 1
    r = float(fl * quantum)
    return -r if neg else r


def fma32(a, b, c):
    return round32(Fraction(a) * Fraction(b) + Fraction(c))


EXP_C = [0x3FF0000000000000, 0x3FF0000000000000, 0x3FE0000000000000, 0x3FC5555555555555,
         0x3FA5555555555555, 0x3F81111111111111, 0x3F56C16C16C16C17, 0x3F2A01A01A01A01A,
         0x3EFA01A01A01A01A, 0x3EC71DE3A556C734, 0x3E927E4FB7789F5C, 0x3E5AE64567F544E4,
         0x3E21EED8EFF8D898, 0x3DE6124613A86D09]
LN_C = [0x3FF0000000000000, 0x3FD5555555555555, 0x3FC999999999999A, 0x3FC2492492492492,
        0x3FBC71C71C71C71C, 0x3FB745D1745D1746, 0x3FB3B13B13B13B14, 0x3FB1111111111111,
        0x3FAE1E1E1E1E1E1E, 0x3FAAF286BCA1AF28, 0x3FA8618618618618, 0x3FA642C8590B2164]


def exp_(x):
    if x != x:
        return x
    if x >= 710.0:
        return math.inf
    if x <= -746.0:
        return 0.0
    k = x * from64(0x3FF71547652B82FE)
    sh = from64(0x4338000000000000)
    n = (k + sh) - sh
    r = fma64(-n, from64(0x3FE62E42FEE00000), x)
    r = fma64(-n, from64(0x3DEA39EF35793C76), r)
    p = from64(EXP_C[13])
    for i in range(12, -1, -1):
        p = fma64(p, r, from64(EXP_C[i]))
    ni = int(n)
    n1 = ni >> 1
    n2 = ni - n1
    return p * 2.0 ** n1 * 2.0 ** n2


def ln_(x):
    e = 0
    if x < 2.2250738585072014e-308:
        x *= 2.0 ** 54
        e = -54
    b = bits64(x)
    e += ((b >> 52) & 0x7FF) - 1023
    m = from64((b & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000)
    if m >= from64(0x3FF6A09E667F3BCD):
        m *= 0.5
        e += 1
    f = (m - 1.0) / (m + 1.0)
    f2 = f * f
    s = from64(LN_C[11])
    for i in range(10, -1, -1):
        s = fma64(s, f2, from64(LN_C[i]))
    lnm = (2.0 * f) * s
    return fma64(float(e), from64(0x3FE62E42FEFA39EF), lnm)


def sigmoid32(z):
    t = exp_(-z)
    return f32(1.0 / (1.0 + t))


def normal(k, c):
    base = c << 8
    for t in range(128):
        u = 2.0 * uniform64(k, base + 2 * t) - 1.0
        v = 2.0 * uniform64(k, base + 2 * t + 1) - 1.0
        s = fma64(u, u, v * v)
        if 0.0 < s < 1.0:
            return u * math.sqrt((-2.0 * ln_(s)) / s)
    return 0.0


def permutation(k, n):
    d = list(range(n))
    for i in range(n - 1, 0, -1):
        r = nxt(k, n - 1 - i)
        j = (r * (i + 1)) >> 64
        d[i], d[j] = d[j], d[i]
    return d


def main():
    k = key(42, 1)
    print('key(42, WeightInit) = 0x%016X' % k)
    print('next c=0..4:', ', '.join('0x%016X' % nxt(k, c) for c in range(5)))
    print('next c=2^40:', '0x%016X' % nxt(k, 1 << 40))
    k2 = key(7, 2, 3, 9)
    print('key(7, Shuffle, 3, 9) = 0x%016X' % k2, 'next c=0,1:', '0x%016X' % nxt(k2, 0), '0x%016X' % nxt(k2, 1))
    print('uniform32 bits c=0..3:', ', '.join('0x%08X' % bits32(uniform32(k, c)) for c in range(4)))
    print('uniform64 bits c=0..3:', ', '.join('0x%016X' % bits64(uniform64(k, c)) for c in range(4)))
    print('normal bits c=0..5:', ', '.join('0x%016X' % bits64(normal(k, c)) for c in range(6)))
    print('normal c=0..5:', ', '.join(repr(normal(k, c)) for c in range(6)))
    print('perm(seed 42, Shuffle) n=10:', permutation(key(42, 2), 10))
    print('splitmix64 check (key 0 -> first output):', '0x%016X' % nxt(0, 0))
    zs = [0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 5.0, -5.0, 10.0, -10.0, 16.5, 17.0, 18.0, 30.0,
          -20.0, -50.0, -87.0, -100.0, -103.0, -103.5, -104.0, -110.0, 1e-8, -1e-8, 0.1234, -3.75,
          3.4e38, -3.4e38]
    for z in zs:
        zf = f32(z)
        print('sigmoid 0x%08X -> 0x%08X' % (bits32(zf), bits32(sigmoid32(zf))))
    for x in [0.0, 1.0, -1.0, 0.5, 10.0, -10.0, 100.0, -700.0, 709.5, -745.0, 1e-300]:
        print('exp 0x%016X -> 0x%016X' % (bits64(x), bits64(exp_(x))))
    for x in [1.0, 2.0, 0.5, 10.0, 1e-300, 5e-324, 1.7976931348623157e308, 0.7, 1.4142135623730951]:
        print('ln 0x%016X -> 0x%016X' % (bits64(x), bits64(ln_(x))))
    # Dense golden: n=3, d=37, h=5, inputs from closed formulas (binary32 division == f32(binary64 division)).
    n, d, h = 3, 37, 5
    x = [[f32((((i * 131 + kk * 71) % 97) - 48) / 13.0) for kk in range(d)] for i in range(n)]
    w = [[f32((((j * 59 + kk * 37) % 89) - 44) / 17.0) for kk in range(d)] for j in range(h)]
    b = [f32(((j % 5) - 2) / 3.0) for j in range(h)]
    fused, unfused = [], []
    for i in range(n):
        for j in range(h):
            acc = b[j]
            acc2 = b[j]
            for kk in range(d):
                acc = fma32(x[i][kk], w[j][kk], acc)
                acc2 = f32(f32(x[i][kk] * w[j][kk]) + acc2)
            fused.append(acc)
            unfused.append(acc2)
    print('dense fused bits:', ', '.join('0x%08X' % bits32(v) for v in fused))
    print('dense outputs differing from unfused:', sum(1 for a, c in zip(fused, unfused) if a != c))


if __name__ == '__main__':
    main()
