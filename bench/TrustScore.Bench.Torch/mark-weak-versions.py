#!/usr/bin/env python3
"""Marks symbol-version requirements that this system's libstdc++ lacks as weak (VER_FLG_WEAK)
in an ELF64 little-endian shared object, so the dynamic loader accepts it (docs/benchmarks.md:
TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32, Debian 12 ships 3.4.30).
Usage: mark-weak-versions.py LIB.so [VERSION ...]   (default: GLIBCXX_3.4.31 GLIBCXX_3.4.32 GLIBCXX_3.4.33)
Idempotent; prints what it changed."""
import struct, sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2

def main():
    path = sys.argv[1]
    wanted = set(sys.argv[2:]) or {"GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33"}
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not an ELF64 little-endian file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    changed = 0
    for sec in sections:
        if sec[1] != SHT_GNU_VERNEED:
            continue
        strtab = sections[sec[6]]
        str_off = strtab[4]
        def name(offset):
            end = data.index(0, str_off + offset)
            return data[str_off + offset:end].decode()
        off, count = sec[4], sec[7]
        for _ in range(count):
            _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, off)
            a = off + aux
            for _ in range(cnt):
                _, flags, _, nm, anext = struct.unpack_from("<IHHII", data, a)
                if name(nm) in wanted and not flags & VER_FLG_WEAK:
                    struct.pack_into("<H", data, a + 4, flags | VER_FLG_WEAK)
                    print(f"{path}: marked {name(nm)} weak")
                    changed += 1
                a += anext
            if nxt == 0:
                break
            off += nxt
    if changed:
        open(path, "wb").write(data)

main()
