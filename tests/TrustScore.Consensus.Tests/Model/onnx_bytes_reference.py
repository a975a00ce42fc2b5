#!/usr/bin/env python3
"""Independent writer of model.onnx from docs/numerics.md section 7.1 (test-only).

Plain byte arithmetic, no protobuf library. Reads a JSON description of the weights on stdin:
{"normalization": {"offset": [hex bits...], "scale": [...]} | null,
 "layers": [{"in": D, "out": H, "relu": bool, "weight": [hex bits, row-major [H, D]], "bias": [...]}],
 "output_scale": "hex bits"}
and writes the model bytes to the path given as the only argument.
"""
import json
import struct
import sys


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def vint(field, n):
    return b"" if n == 0 else key(field, 0) + varint(n)


def ld(field, payload):
    """Length-delimited field; proto3 omits an empty string/bytes (not an empty message)."""
    return key(field, 2) + varint(len(payload)) + payload


def s(field, text):
    return b"" if text == "" else ld(field, text.encode("utf-8"))


def floats_le(hex_bits):
    return b"".join(struct.pack("<I", int(h, 16)) for h in hex_bits)


def tensor(name, hex_bits, dims):
    packed = b"".join(varint(d) for d in dims)
    return (ld(1, packed) if dims else b"") + vint(2, 1) + s(8, name) + ld(9, floats_le(hex_bits))


def node(name, op, inputs, output, transb=False):
    body = b"".join(s(1, i) for i in inputs) + s(2, output) + s(3, name) + s(4, op)
    if transb:
        body += ld(5, s(1, "transB") + vint(3, 1) + vint(20, 2))
    return body


def value_info(name, width):
    shape = ld(1, s(2, "N")) + ld(1, vint(1, width))
    tensor_type = vint(1, 1) + ld(2, shape)
    return s(1, name) + ld(2, ld(1, tensor_type))


def model(spec):
    nodes, inits = [], []
    current = "features"
    norm = spec.get("normalization")
    width = spec["layers"][0]["in"]
    if norm:
        inits.append(tensor("input.offset", norm["offset"], [width]))
        inits.append(tensor("input.scale", norm["scale"], [width]))
        nodes.append(node("normalize_sub", "Sub", [current, "input.offset"], "normalize_centered"))
        nodes.append(node("normalize_mul", "Mul", ["normalize_centered", "input.scale"], "normalized"))
        current = "normalized"
    for i, layer in enumerate(spec["layers"]):
        w, b = f"dense{i}.weight", f"dense{i}.bias"
        inits.append(tensor(w, layer["weight"], [layer["out"], layer["in"]]))
        inits.append(tensor(b, layer["bias"], [layer["out"]]))
        nodes.append(node(f"dense{i}", "Gemm", [current, w, b], f"dense{i}_out", transb=True))
        current = f"dense{i}_out"
        if layer["relu"]:
            nodes.append(node(f"relu{i}", "Relu", [current], f"relu{i}_out"))
            current = f"relu{i}_out"
    nodes.append(node("sigmoid", "Sigmoid", [current], "probability"))
    inits.append(tensor("output.scale", [spec["output_scale"]], []))
    nodes.append(node("output_scale", "Mul", ["probability", "output.scale"], "trust_score"))

    graph = (b"".join(ld(1, n) for n in nodes) + s(2, "trust_score_mlp")
             + b"".join(ld(5, t) for t in inits)
             + ld(11, value_info("features", width)) + ld(12, value_info("trust_score", 1)))
    return (vint(1, 8) + s(2, "trustscore") + s(3, "1") + ld(7, graph)
            + ld(8, vint(2, 17))
            + ld(14, s(1, "trustscore.numerics") + s(2, "trustscore-numerics/1")))


if __name__ == "__main__":
    data = model(json.load(sys.stdin))
    with open(sys.argv[1], "wb") as f:
        f.write(data)
