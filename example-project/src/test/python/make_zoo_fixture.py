#!/usr/bin/python3
"""Seeded random weights and eval-mode logits of one torchvision landmark network, for ZooParityTest.

    /usr/bin/python3 make_zoo_fixture.py NETWORK DIR    # NETWORK: alexnet, vgg11, googlenet, resnet18, resnet34

writes DIR/NETWORK.safetensors, the model's state_dict() exactly (names, shapes, int64 num_batches_tracked),
and DIR/NETWORK_logits.safetensors: "input" [2, 3, 224, 224] and "logits" [2, 1000] in eval mode. The logits are
computed in float64 from the float32 weights and input as saved, so the reference carries no float32 rounding.
The test runs this at test time into target/: the weights of VGG11 alone are 531 MB, too large to commit.

Weights are redrawn (not torchvision's initialisers) so that every tensor matters and the logits stay within a few
hundred: convolution and linear weights normal with variance 2 / fan-in (He) in the networks without batch norm,
1 / fan-in where batch norms follow (in eval mode they do not rescale to unit variance, and He's variance doubled
at every residual sum: ResNet-34's logits reached 9,000), biases and batch-norm shifts uniform in [-0.1, 0.1],
batch-norm scales in [0.5, 1.5], running means normal with deviation 0.1, running variances in [0.5, 1.5].
Needs torch and torchvision only (Debian's python3-torch, python3-torchvision); the safetensors file is written
by hand, tensor by tensor, as the format's specification lays it out.
"""
import json
import math
import os
import struct
import sys

import torch
import torchvision

SEED = 9
SAMPLES = 2
BUILDERS = {
    "alexnet": lambda: torchvision.models.alexnet(),
    "vgg11": lambda: torchvision.models.vgg11(),
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=False, init_weights=False),
    "resnet18": lambda: torchvision.models.resnet18(),
    "resnet34": lambda: torchvision.models.resnet34(),
}


def redraw(net, generator):
    """Fills every parameter and batch-norm buffer from the generator, in state_dict order."""
    gain = 1.0 if any(isinstance(m, torch.nn.BatchNorm2d) for m in net.modules()) else 2.0
    with torch.no_grad():
        for name, t in net.state_dict().items():
            leaf = name.rsplit(".", 1)[1]
            if leaf == "num_batches_tracked":
                t.fill_(int(torch.randint(0, 1000, (1,), generator=generator)))
            elif leaf == "running_mean":
                t.copy_(torch.randn(t.shape, generator=generator) * 0.1)
            elif leaf == "running_var" or (leaf == "weight" and t.dim() == 1):
                t.copy_(torch.rand(t.shape, generator=generator) + 0.5)
            elif leaf == "bias":
                t.copy_(torch.rand(t.shape, generator=generator) * 0.2 - 0.1)
            else:
                fan_in = t[0].numel()
                t.copy_(torch.randn(t.shape, generator=generator) * math.sqrt(gain / fan_in))


def save(path, tensors, metadata):
    """A safetensors file: 8-byte little-endian header length, JSON header, then the tensors' bytes in order."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, t in tensors.items():
        size = t.numel() * t.element_size()
        dtype = "I64" if t.dtype == torch.int64 else "F32"
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data area starts 8-byte aligned
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for t in tensors.values():
            f.write(t.detach().contiguous().numpy().tobytes())  # x86 and ARM are little-endian, as the format
    os.replace(path + ".tmp", path)


def main(network, directory):
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    generator = torch.Generator().manual_seed(SEED)
    net = BUILDERS[network]()
    redraw(net, generator)
    net.eval()
    state = {k: (v if v.dtype == torch.int64 else v.float()) for k, v in net.state_dict().items()}
    inputs = torch.randn((SAMPLES, 3, 224, 224), generator=generator)
    with torch.no_grad():
        logits = net.double()(inputs.double()).float()
    os.makedirs(directory, exist_ok=True)
    meta = {"format": "pt", "torch": torch.__version__, "torchvision": torchvision.__version__,
            "script": os.path.basename(__file__), "seed": str(SEED)}
    save(os.path.join(directory, f"{network}.safetensors"), state, meta)
    save(os.path.join(directory, f"{network}_logits.safetensors"), {"input": inputs, "logits": logits}, meta)
    print(f"{network}: {len(state)} tensors, logits {logits[0, :3].tolist()}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in BUILDERS:
        sys.exit(f"usage: make_zoo_fixture.py {'|'.join(BUILDERS)} DIR")
    main(sys.argv[1], sys.argv[2])
