#!/usr/bin/python3
"""Builds in PyTorch the batch-norm network BatchNormInteropTest declares in Fovea and writes what it compares.

    /usr/bin/python3 make_batchnorm_fixtures.py   # rewrites batchnorm*.safetensors here

  batchnorm.safetensors          seeded random weights and batch-norm state (running statistics drawn at random,
                                 num_batches_tracked 3 as int64), named as Fovea names them
  batchnorm_outputs.safetensors  inputs [16, 2, 6, 6], labels [16] (as F32); in training mode: loss [1] (the mean
                                 cross-entropy) and grad.<name> for every parameter; after one SGD step (lr 0.1):
                                 after.<name> for every running statistic and counter (as F32), and eval_logits
                                 [16, 3], the evaluation-mode logits of the same inputs with the new weights and state
The forward and backward run in float64 on the float32 weights and inputs as saved; results are stored as float32.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn

from make_lenet_safetensors import save

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = 16
CLASSES = 3
LEARNING_RATE = 0.1


class BatchNormNet(nn.Module):
    """Input 2x6x6. @Conv2D(4, 3, padding 1, no bias) conv1; @BatchNorm2D(RELU) bn1; @Conv2D(4, 3, padding 1, no
    bias) conv2; @BatchNorm2D(momentum 0.2) bn2; @Add(from {bn2, bn1}, RELU) add; @GlobalAvgPool2D pool;
    @Dense(6) fc1; @BatchNorm2D(eps 1e-3, TANH) bn3 (on a flat input: BatchNorm1d); @Dense(3, SOFTMAX) fc2."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4, momentum=0.2)
        self.fc1 = nn.Linear(4, 6)
        self.bn3 = nn.BatchNorm1d(6, eps=1e-3)
        self.fc2 = nn.Linear(6, CLASSES)

    def forward(self, x):
        a = F.relu(self.bn1(self.conv1(x)))
        s = F.relu(self.bn2(self.conv2(a)) + a)
        return self.fc2(torch.tanh(self.bn3(self.fc1(s.mean((2, 3))))))


def main():
    torch.set_num_threads(1)
    torch.manual_seed(7)
    net = BatchNormNet()
    with torch.no_grad():
        for bn in (net.bn1, net.bn2, net.bn3):
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.5, 0.5)
            bn.running_mean.normal_(0, 0.2)
            bn.running_var.uniform_(0.5, 1.5)
            bn.num_batches_tracked.fill_(3)
    weights = {k: v.detach().clone() for k, v in net.state_dict().items()}
    inputs = torch.randn(SAMPLES, 2, 6, 6)
    labels = torch.randint(0, CLASSES, (SAMPLES,))
    net.double()
    net.train()
    loss = F.cross_entropy(net(inputs.double()), labels)
    loss.backward()
    outputs = {"inputs": inputs, "labels": labels.float(), "loss": loss.detach().float().reshape(1)}
    with torch.no_grad():
        for key, p in net.named_parameters():
            outputs["grad." + key] = p.grad.float()
            p -= LEARNING_RATE * p.grad
    for key, b in net.named_buffers():
        outputs["after." + key] = b.detach().float().reshape(-1) if b.dim() == 0 else b.detach().float()
    net.eval()
    with torch.no_grad():
        outputs["eval_logits"] = net(inputs.double()).float()
    meta = {"format": "pt", "torch": torch.__version__, "script": os.path.basename(__file__)}
    save(os.path.join(HERE, "batchnorm.safetensors"), weights, meta)
    save(os.path.join(HERE, "batchnorm_outputs.safetensors"), outputs, meta)
    print(f"batchnorm: {len(weights)} tensors, loss {loss.item():.6f}")


if __name__ == "__main__":
    main()
