#!/usr/bin/env python3
"""Exports W1, W2 and W3 to ONNX from Fovea's own weights, for ONNX Runtime's benchmarks in compare.sh.

  /usr/bin/python3 benchmarks/export_onnx.py DIR

reads DIR/W1.safetensors, DIR/W2.safetensors and DIR/W3.safetensors (written by dev.fovea.benchmarks.SittingFacts),
loads each into torch_peer.py's twin (W3: torchvision's resnet18, whose state_dict names Fovea's W3ResNet18 uses)
with load_state_dict (strict: every name and shape must match) and writes DIR/W1.onnx, DIR/W2.onnx and DIR/W3.onnx
with torch.onnx.export (a dynamic batch axis, opset 13). The ONNX Runtime benchmark then checks its
logits against Fovea's on the same images before timing anything.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_peer  # noqa: E402


DTYPES = {"F32": "<f4", "I64": "<i8"}  # batch norm's num_batches_tracked is int64, as PyTorch writes it


def read_safetensors(path):
    """The float32 and int64 tensors of a safetensors file (8-byte little-endian header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] not in DTYPES:
            raise ValueError(f"{path}: tensor {name} is {entry['dtype']}, expected one of {sorted(DTYPES)}")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: export_onnx.py DIR")
    out = sys.argv[1]
    torch.set_num_threads(1)
    for workload, model in torch_peer.WORKLOADS.items():
        net = torch_peer.MODELS[model]()
        net.load_state_dict(read_safetensors(os.path.join(out, workload + ".safetensors")))
        net.eval()
        target = os.path.join(out, workload + ".onnx")
        with torch.no_grad():
            torch.onnx.export(net, torch.zeros(1, *torch_peer.INPUTS[model]), target + ".tmp", input_names=["image"],
                              output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                              opset_version=13)
        os.replace(target + ".tmp", target)  # a half-written file must never be benchmarked
        print(f"{workload}: {target} ({os.path.getsize(target):,} bytes)")


if __name__ == "__main__":
    main()
