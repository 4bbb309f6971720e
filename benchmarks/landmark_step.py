#!/usr/bin/env python3
"""PyTorch's side of LandmarkStep: one training step of one sample (forward, backward, SGD update) of a landmark
network at its own input size, timed, and the process's peak resident memory.

  /usr/bin/python3 benchmarks/landmark_step.py --model resnet18 [--steps 5] [--threads 1]

Prints key=value lines like LandmarkStep: the first step, the median of the next --steps, the process's peak
resident set (VmHWM) and its resident set after importing torch (what the network and its step add is the
difference). Models: torchvision's alexnet, vgg11, googlenet (no auxiliary heads), resnet18, resnet34, and
Xception as Keras builds it (below; torchvision has none), all in train mode, seeded random input and weights.
"""
import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # read when torch loads OpenBLAS: set before importing it
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torchvision  # noqa: E402


def vm(key):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class Separable(nn.Sequential):
    """Keras' SeparableConv2D without bias: a 3x3 depthwise then a 1x1 pointwise convolution, 'same' padding."""

    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), nn.Conv2d(cin, cout, 1, bias=False))


def sep_bn(cin, cout, relu_first=True):
    layers = [nn.ReLU()] if relu_first else []
    return layers + [Separable(cin, cout), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)]


class Down(nn.Module):
    """An entry-flow or exit block: two separable convolutions, 3x3/2 max pooling, a 1x1/2 convolution shortcut."""

    def __init__(self, cin, mid, cout, relu_first=True):
        super().__init__()
        self.body = nn.Sequential(*sep_bn(cin, mid, relu_first), *sep_bn(mid, cout), nn.MaxPool2d(3, 2, padding=1))
        self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=2, bias=False),
                                      nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01))

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


class Middle(nn.Module):
    """A middle-flow block: three ReLU-separable-batch-norm units and an identity shortcut."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*sep_bn(728, 728), *sep_bn(728, 728), *sep_bn(728, 728))

    def forward(self, x):
        return self.body(x) + x


def xception():
    """Keras' Xception (entry, eight middle blocks, exit) on 3x299x299: 22,855,952 trainable parameters."""
    bn = lambda c: nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)  # noqa: E731
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, stride=2, bias=False), bn(32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, bias=False), bn(64), nn.ReLU(),
        Down(64, 128, 128, relu_first=False), Down(128, 256, 256), Down(256, 728, 728),
        *[Middle() for _ in range(8)],
        Down(728, 728, 1024),
        Separable(1024, 1536), bn(1536), nn.ReLU(), Separable(1536, 2048), bn(2048), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000))


MODELS = {
    "alexnet": (lambda: torchvision.models.alexnet(), 224),
    "vgg11": (lambda: torchvision.models.vgg11(), 224),
    "googlenet": (lambda: torchvision.models.googlenet(aux_logits=False, init_weights=True), 224),
    "resnet18": (lambda: torchvision.models.resnet18(), 224),
    "resnet34": (lambda: torchvision.models.resnet34(), 224),
    "xception": (xception, 299),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    rss_after_import = vm("VmRSS")
    make, size = MODELS[args.model]
    model = make().train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(1, 3, size, size)
    y = torch.tensor([1])
    times = []
    for _ in range(args.steps + 1):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=False)
        loss_fn(model(x), y).backward()
        optimizer.step()
        times.append(time.perf_counter() - start)
    warm = sorted(times[1:])
    print(f"network={args.model}")
    print(f"torch={torch.__version__} threads={args.threads}")
    print(f"parameters={sum(p.numel() for p in model.parameters())}")
    print(f"first_step_ms={times[0] * 1e3:.1f}")
    print(f"median_step_ms={warm[len(warm) // 2] * 1e3:.1f}")
    print(f"min_step_ms={warm[0] * 1e3:.1f}")
    print(f"rss_after_import_mb={rss_after_import:.1f}")
    print(f"peak_rss_mb={vm('VmHWM'):.1f}")
    with open("/proc/loadavg") as load:
        print(f"load={load.read().strip()}")


if __name__ == "__main__":
    main()
