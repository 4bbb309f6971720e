#!/usr/bin/env python3
"""The PyTorch peer of benchmarks/compare.sh: W1 (LeNet-5), W2 (the Keras MNIST net) and W3 (torchvision's ResNet-18
at 224x224, on seeded random images, training at batch 32 and with fewer repetitions) timed in PyTorch.

The networks are the twins of benchmarks' W1LeNet5 and W2KerasNet, with the Fovea layer names as attribute names,
and torchvision's resnet18 for W3ResNet18, which uses torchvision's names, so a Fovea safetensors file loads with
load_state_dict (export_onnx.py does that). For resnet18 the counts below are 5 steps after 2 (batch 32), 20 calls
after 3 and 3 batches after 1, and there is no whole-test-set figure. One run prints, as key=value:

  train_img_per_s             batch 64, RMSprop(lr 0.001), softmax cross-entropy: 300 timed steps after 30
  infer_batch1_us             one image per call, 2,000 timed calls after 200 (eval mode, no_grad)
  infer_batch64_img_per_s     batches of 64 test images, 100 timed calls after 10
  infer_batch10000_img_per_s  the whole test set (10,000 images with the full data set) in one forward

on --threads intra-op threads. The fastest setting found on a 2-core Debian 12 machine: Debian's python3-torch with
libopenblas0-pthread and one OpenBLAS thread (torch's own threads do the parallel work; with the reference BLAS the
dense layers are several times slower):

  apt-get install -y python3-torch libopenblas0-pthread dataset-fashion-mnist
  /usr/bin/python3 benchmarks/torch_peer.py --model lenet5 --threads 1
"""
import argparse
import gzip
import os
import struct
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # read when numpy/torch load OpenBLAS: set before importing them
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402


class LeNet5(nn.Module):
    """W1LeNet5: conv 6 5x5 pad 2 sigmoid, avg pool 2, conv 16 5x5 sigmoid, avg pool 2, dense 120, 84 (sigmoid), 10."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.f5 = nn.Linear(400, 120)
        self.f6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, 10)

    def forward(self, x):
        x = F.avg_pool2d(torch.sigmoid(self.c1(x)), 2)
        x = F.avg_pool2d(torch.sigmoid(self.c3(x)), 2)
        x = torch.sigmoid(self.f5(torch.flatten(x, 1)))
        x = torch.sigmoid(self.f6(x))
        return self.output(x)  # logits: softmax is in the loss, as Fovea's forward returns logits


class KerasNet(nn.Module):
    """W2KerasNet: conv 32, max pool 2, conv 64, max pool 2, conv 64 (3x3, relu), dense 64 relu, dense 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.conv3 = nn.Conv2d(64, 64, 3)
        self.dense1 = nn.Linear(576, 64)
        self.output = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.conv3(x))
        x = F.relu(self.dense1(torch.flatten(x, 1)))
        return self.output(x)


MODELS = {"lenet5": LeNet5, "kerascnn": KerasNet, "resnet18": torchvision.models.resnet18}
WORKLOADS = {"W1": "lenet5", "W2": "kerascnn", "W3": "resnet18"}  # Fovea's names for them
INPUTS = {"lenet5": (1, 28, 28), "kerascnn": (1, 28, 28), "resnet18": (3, 224, 224)}


def read_idx(path):
    """An MNIST-layout IDX file (gzipped) as a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(path):
    return torch.from_numpy(read_idx(path).astype(np.float32) / 255).unsqueeze(1)  # [0, 1], as Fovea scales


def per_second(count, seconds):
    return count / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="lenet5", choices=sorted(MODELS))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--batch", type=int, default=None, help="training batch (64; resnet18: 32)")
    ap.add_argument("--steps", type=int, default=None, help="timed training steps (300; resnet18: 5)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    small = args.model != "resnet18"
    if small:
        x_train = images(f"{args.data}/train-images-idx3-ubyte.gz")
        y_train = torch.from_numpy(read_idx(f"{args.data}/train-labels-idx1-ubyte.gz").astype(np.int64))
        x_test = images(f"{args.data}/t10k-images-idx3-ubyte.gz")
    else:  # W3: 3x224x224 random images, as Fovea's W3 benchmark uses; no data set has that shape here
        x_train = torch.rand(64, *INPUTS[args.model])
        y_train = torch.arange(64) % 1000
        x_test = x_train
    # W3's steps take seconds where W1's take milliseconds: fewer of them.
    b = args.batch or (64 if small else 32)
    steps, warm_steps = args.steps or (300 if small else 5), 30 if small else 2
    calls, warm_calls = (2000, 200) if small else (20, 3)
    batch_calls, warm_batches = (100, 10) if small else (3, 1)

    net = MODELS[args.model]()
    optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-3)

    def step(i):
        s = (i * b) % (len(x_train) - b + 1)
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(net(x_train[s:s + b]), y_train[s:s + b]).backward()
        optimizer.step()

    for i in range(warm_steps):
        step(i)
    t = time.perf_counter()
    for i in range(steps):
        step(i)
    print(f"{args.model} train_img_per_s={per_second(steps * b, time.perf_counter() - t):.1f}"
          f" (batch {b}, threads {args.threads})")

    net.eval()
    with torch.no_grad():
        for i in range(warm_calls):
            net(x_test[i % len(x_test):i % len(x_test) + 1])
        t = time.perf_counter()
        for i in range(calls):
            net(x_test[i % len(x_test):i % len(x_test) + 1])
        print(f"{args.model} infer_batch1_us={(time.perf_counter() - t) / calls * 1e6:.1f}")
        batches = (len(x_test) // 64)
        for i in range(warm_batches):
            net(x_test[64 * (i % batches):64 * (i % batches) + 64])
        t = time.perf_counter()
        for i in range(batch_calls):
            j = i % batches
            net(x_test[64 * j:64 * j + 64])
        print(f"{args.model} infer_batch64_img_per_s={per_second(64 * batch_calls, time.perf_counter() - t):.1f}")
        if small:
            t = time.perf_counter()
            net(x_test)
            print(f"{args.model} infer_batch{len(x_test)}_img_per_s="
                  f"{per_second(len(x_test), time.perf_counter() - t):.0f}")


if __name__ == "__main__":
    main()
