#!/usr/bin/python3
"""PyTorch's side of benchmarks/zoo_step.sh: training steps of one sample of a landmark network on one thread.

    /usr/bin/python3 zoo_torch_step.py NETWORK [STEPS]   # NETWORK: alexnet-torch, vgg11, googlenet, resnet18,
                                                         # resnet34 (torchvision's), alexnet, xception (below)

One step is what ZooStep times in Fovea: forward in training mode, cross-entropy on label 0, backward, an SGD
update (learning rate 0.001), one seeded random input of 3x224x224 (227x227 for the course's AlexNet, 299x299 for
Xception). torchvision has neither of those two: they are written below as the zoo declares them. Prints the first step's time, the median of
the rest and the process's peak resident memory (ru_maxrss).
"""
import resource
import sys
import time

import torch
import torch.nn as nn
import torchvision


def course_alexnet():
    """The zoo's AlexNet: the course table's single tower on 227x227, LRN after the first two poolings."""
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(), nn.MaxPool2d(3, 2), nn.LocalResponseNorm(5, 5e-4, 0.75, 2),
        nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2), nn.LocalResponseNorm(5, 5e-4, 0.75, 2),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(), nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2), nn.Flatten(),
        nn.Linear(9216, 4096), nn.ReLU(), nn.Dropout(), nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(),
        nn.Linear(4096, 1000))


def separable(cin, cout):
    """Keras' SeparableConv2D without bias: a 3x3 depthwise then a 1x1 pointwise convolution, 'same' padding."""
    return nn.Sequential(nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), nn.Conv2d(cin, cout, 1, bias=False))


def bn(channels):
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)  # Keras' defaults


def sep_bn(cin, cout, relu_first=True):
    return ([nn.ReLU()] if relu_first else []) + [separable(cin, cout), bn(cout)]


class Down(nn.Module):
    """An entry- or exit-flow block: two separable convolutions, 3x3/2 max pooling, a 1x1/2 convolution shortcut."""

    def __init__(self, cin, mid, cout, relu_first=True):
        super().__init__()
        self.body = nn.Sequential(*sep_bn(cin, mid, relu_first), *sep_bn(mid, cout), nn.MaxPool2d(3, 2, padding=1))
        self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=2, bias=False), bn(cout))

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


class Middle(nn.Module):
    """A middle-flow block: three ReLU, separable, batch-norm units and the identity shortcut."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*sep_bn(728, 728), *sep_bn(728, 728), *sep_bn(728, 728))

    def forward(self, x):
        return self.body(x) + x


def xception():
    """Keras' Xception on 3x299x299 (entry flow, eight middle blocks, exit flow): 22,855,952 parameters."""
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, stride=2, bias=False), bn(32), nn.ReLU(), nn.Conv2d(32, 64, 3, bias=False), bn(64),
        nn.ReLU(), Down(64, 128, 128, relu_first=False), Down(128, 256, 256), Down(256, 728, 728),
        *[Middle() for _ in range(8)], Down(728, 728, 1024),
        separable(1024, 1536), bn(1536), nn.ReLU(), separable(1536, 2048), bn(2048), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000))


BUILDERS = {
    "alexnet-torch": lambda: torchvision.models.alexnet(),
    "vgg11": lambda: torchvision.models.vgg11(),
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=False, init_weights=False),
    "resnet18": lambda: torchvision.models.resnet18(),
    "resnet34": lambda: torchvision.models.resnet34(),
    "alexnet": course_alexnet,
    "xception": xception,
}
SIZES = {"alexnet": 227, "xception": 299}  # the rest: 224


def main(network, steps):
    torch.set_num_threads(1)
    torch.manual_seed(42)
    net = BUILDERS[network]()
    net.train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.001)
    size = SIZES.get(network, 224)
    image = torch.randn(1, 3, size, size)
    label = torch.tensor([0])
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(image), label)
        loss.backward()
        optimizer.step()
        times.append((time.perf_counter() - start) * 1000)
    later = sorted(times[1:])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"torch {network} torch {torch.__version__}, 1 thread: first step {times[0]:.0f} ms, median of the next "
          f"{len(later)} {later[len(later) // 2]:.0f} ms; peak RSS {peak} kB; "
          f"parameters {sum(p.numel() for p in net.parameters()):,}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
