#!/usr/bin/python3
"""PyTorch's side of benchmarks/zoo_step.sh: training steps of one sample of a landmark network on one thread.

    /usr/bin/python3 zoo_torch_step.py NETWORK [STEPS]   # NETWORK: alexnet-torch, vgg11, googlenet, resnet18,
                                                         # resnet34 (torchvision's); alexnet and xception: none

One step is what ZooStep times in Fovea: forward in training mode, cross-entropy on label 0, backward, an SGD
update (learning rate 0.001), one seeded random input of 3x224x224. Prints the first step's time, the median of
the rest and the process's peak resident memory (ru_maxrss).
"""
import resource
import sys
import time

import torch
import torchvision

BUILDERS = {
    "alexnet-torch": lambda: torchvision.models.alexnet(),
    "vgg11": lambda: torchvision.models.vgg11(),
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=False, init_weights=False),
    "resnet18": lambda: torchvision.models.resnet18(),
    "resnet34": lambda: torchvision.models.resnet34(),
}


def main(network, steps):
    torch.set_num_threads(1)
    torch.manual_seed(42)
    net = BUILDERS[network]()
    net.train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.001)
    image = torch.randn(1, 3, 224, 224)
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
