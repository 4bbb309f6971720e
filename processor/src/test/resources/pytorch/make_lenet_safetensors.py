#!/usr/bin/python3
"""Trains Fovea's LeNet-5 in PyTorch and writes the files PyTorchInteropTest reads.

    /usr/bin/python3 make_lenet_safetensors.py            # rewrites the two .safetensors files beside this script
    /usr/bin/python3 make_lenet_safetensors.py --check F  # loads Fovea-saved weights F into PyTorch and checks
                                                          # they reproduce the recorded outputs

Outputs (small, committed):
  lenet5_pytorch.safetensors  the trained weights, named as Fovea names them (c1.weight [6, 1, 5, 5], ...)
  lenet5_outputs.safetensors  inputs [8, 1, 28, 28] (the first 8 test images, pixels / 255), PyTorch's logits
                              [8, 10] and softmax probabilities [8, 10] for them

The network mirrors the Fovea declaration in the test: attribute names are the layer names, so state_dict()
keys are exactly Fovea's parameter names and layouts (Conv2d [out, in, kh, kw], Linear [out, in]).
Needs torch and numpy only: the safetensors format (8-byte little-endian header length, JSON header, raw
little-endian data) is written and read by hand so the `safetensors` package is not required.
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SLICE = os.path.join(HERE, "..", "..", "..", "..", "..", "example-project", "data", "fashion-mnist-slice")
WEIGHTS = os.path.join(HERE, "lenet5_pytorch.safetensors")
OUTPUTS = os.path.join(HERE, "lenet5_outputs.safetensors")


class LeNet5(nn.Module):
    """@Conv2D(6, 5, padding 2, SIGMOID) c1; @AvgPool2D(2) s2; @Conv2D(16, 5, SIGMOID) c3; @AvgPool2D(2) s4;
    @Dense(120, SIGMOID) f5; @Dense(84, SIGMOID) f6; @Dense(10, SOFTMAX) output."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.s2 = nn.AvgPool2d(2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.s4 = nn.AvgPool2d(2)
        self.f5 = nn.Linear(400, 120)
        self.f6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, 10)

    def forward(self, x):
        x = self.s2(torch.sigmoid(self.c1(x)))
        x = self.s4(torch.sigmoid(self.c3(x)))
        x = torch.flatten(x, 1)  # C x H x W order, as Fovea's Dense flattens
        x = torch.sigmoid(self.f5(x))
        x = torch.sigmoid(self.f6(x))
        return self.output(x)  # logits: Fovea's forward returns logits for SOFTMAX too


def read_idx(name):
    with gzip.open(os.path.join(SLICE, name)) as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def save(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        # int64 as PyTorch keeps num_batches_tracked; everything else float32.
        dtype, numpy_type = ("I64", "<i8") if t.dtype == torch.int64 else ("F32", "<f4")
        blob = t.detach().contiguous().numpy().astype(numpy_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data area starts 8-byte aligned
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    os.replace(path + ".tmp", path)


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    tensors = {}
    for name, e in header.items():
        assert e["dtype"] == "F32", name
        begin, end = e["data_offsets"]
        array = np.frombuffer(data[8 + n + begin:8 + n + end], dtype="<f4").reshape(e["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def train():
    torch.manual_seed(42)
    torch.set_num_threads(1)  # one thread: the same weights on every run of this script
    images = torch.from_numpy(read_idx("train-images-idx3-ubyte.gz")[:4000].astype(np.float32) / 255).unsqueeze(1)
    labels = torch.from_numpy(read_idx("train-labels-idx1-ubyte.gz")[:4000].astype(np.int64))
    net = LeNet5()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.003)
    for epoch in range(2):
        order = torch.randperm(len(labels))
        for start in range(0, len(labels), 16):
            batch = order[start:start + 16]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(images[batch]), labels[batch])
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch + 1}: last batch loss {loss.item():.4f}")
    return net


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        net = LeNet5()
        net.load_state_dict(load(sys.argv[2]))  # strict: every name and shape must match
        recorded = load(OUTPUTS)
        with torch.no_grad():
            logits = net(recorded["inputs"])
        worst = (logits - recorded["logits"]).abs().max().item()
        print(f"{sys.argv[2]} loaded into PyTorch; largest logit difference from the recorded outputs: {worst:.3g}")
        sys.exit(0 if worst <= 1e-5 else 1)
    net = train()
    net.eval()
    inputs = torch.from_numpy(read_idx("t10k-images-idx3-ubyte.gz")[:8].astype(np.float32) / 255).unsqueeze(1)
    with torch.no_grad():
        logits = net(inputs)
    probabilities = torch.softmax(logits, dim=1)
    meta = {"format": "pt", "torch": torch.__version__, "script": os.path.basename(__file__)}
    save(WEIGHTS, dict(net.state_dict()), meta)
    save(OUTPUTS, {"inputs": inputs, "logits": logits, "probabilities": probabilities}, meta)
    labels = read_idx("t10k-labels-idx1-ubyte.gz")[:8]
    print("predicted", logits.argmax(1).tolist(), "true", labels.tolist())


if __name__ == "__main__":
    main()
