#!/usr/bin/python3
"""Builds in PyTorch the graph networks GraphInteropTest declares in Fovea and writes what the test compares.

    /usr/bin/python3 make_graph_fixtures.py   # rewrites graph_*.safetensors and landmark_parameters.txt here

For each case (residual_identity, residual_projection, inception, pooling):
  graph_<case>.safetensors          seeded random weights, named as Fovea names them (state_dict keys are
                                    Fovea's parameterNames: dotted modules are nested by `put` below)
  graph_<case>_outputs.safetensors  inputs [8, C, H, W], labels [8] (class indices stored as F32), logits [8, 5],
                                    loss [1] = the MEAN cross-entropy over the 8 samples (F.cross_entropy's
                                    default), and grad.<name> = d loss / d <name> for every parameter
The forward and backward run in float64 on the float32 weights and inputs as saved, so the reference carries
no float32 rounding of its own; the results are stored as float32.

landmark_parameters.txt lists torchvision's resnet18() and googlenet(aux_logits=False, init_weights=False)
state_dict names and shapes, batch-norm buffers included: the parameters and state Fovea's ResNet18.java and
GoogLeNet.java (src/test/resources/networks) must have.

Needs torch, torchvision and numpy only; safetensors files are written by hand as in make_lenet_safetensors.py.
"""
import os

import torch
import torch.nn.functional as F
import torchvision
from torch import nn

from make_lenet_safetensors import save

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = 8
CLASSES = 5


def put(root, dotted, module):
    """Registers module under a dotted name (layer2.0.downsample.0), creating empty parent modules as needed."""
    *parents, last = dotted.split(".")
    node = root
    for name in parents:
        if name not in node._modules:
            node.add_module(name, nn.Module())
        node = node._modules[name]
    node.add_module(last, module)
    return module


class ResidualIdentity(nn.Module):
    """Input 3x8x8. @Conv2D(4, 3, padding 1, RELU) stem; @Conv2D(4, 3, padding 1, no bias, RELU) conv1;
    @Conv2D(4, 3, padding 1, no bias) conv2; @Add(from {conv2, stem}, RELU) add; @Dense(5, SOFTMAX) fc."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.fc = nn.Linear(4 * 8 * 8, CLASSES)

    def forward(self, x):
        stem = F.relu(self.stem(x))  # read by conv1 and by the add: two gradients meet here
        y = self.conv2(F.relu(self.conv1(stem)))
        return self.fc(torch.flatten(F.relu(y + stem), 1))


class ResidualProjection(nn.Module):
    """Input 3x8x8. @Conv2D(4, 3, padding 1, RELU) stem; @Use(Down, 8, name layer2.0) with Down =
    conv1 (3x3, strides 2, padding 1, no bias, RELU), conv2 (3x3, padding 1, no bias), downsample.0 (1x1,
    strides 2, no bias, from input), @Add(from {conv2, downsample.0}, RELU); @Dense(5, SOFTMAX) fc."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)
        # A list, not attributes: an attribute would register each convolution a second time.
        self.block = [put(self, "layer2.0.conv1", nn.Conv2d(4, 8, 3, stride=2, padding=1, bias=False)),
                      put(self, "layer2.0.conv2", nn.Conv2d(8, 8, 3, padding=1, bias=False)),
                      put(self, "layer2.0.downsample.0", nn.Conv2d(4, 8, 1, stride=2, bias=False))]
        self.fc = nn.Linear(8 * 4 * 4, CLASSES)

    def forward(self, x):
        conv1, conv2, downsample = self.block
        stem = F.relu(self.stem(x))
        y = conv2(F.relu(conv1(stem)))
        return self.fc(torch.flatten(F.relu(y + downsample(stem)), 1))


class Inception(nn.Module):
    """Input 3x8x8. @Conv2D(8, 3, padding 1, RELU) stem; @Use(Inception, {4, 3, 4, 2, 3, 3}) inception3a;
    @Use(Inception, {4, 4, 6, 2, 2, 4}) inception3b; @Dense(5, SOFTMAX) fc. Inception is GoogLeNet.java's block
    (BasicConv2d = a convolution without bias, then ReLU): branch1 1x1; branch2.0 1x1, branch2.1 3x3 padding 1;
    branch3.0 1x1, branch3.1 3x3 padding 1; branch4.0 MaxPool(3, strides 1, padding 1, ceil), branch4.1 1x1;
    @Concat of the four."""

    ARGS = {"inception3a": (8, (4, 3, 4, 2, 3, 3)), "inception3b": (14, (4, 4, 6, 2, 2, 4))}

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.blocks = []
        for prefix, (cin, (c1, c2r, c2, c3r, c3, c4)) in self.ARGS.items():
            def conv(name, cin, cout, k):
                return put(self, f"{prefix}.{name}.conv", nn.Conv2d(cin, cout, k, padding=k // 2, bias=False))
            self.blocks.append([conv("branch1", cin, c1, 1), conv("branch2.0", cin, c2r, 1),
                                conv("branch2.1", c2r, c2, 3), conv("branch3.0", cin, c3r, 1),
                                conv("branch3.1", c3r, c3, 3), conv("branch4.1", cin, c4, 1)])
        self.fc = nn.Linear(16 * 8 * 8, CLASSES)

    def forward(self, x):
        x = F.relu(self.stem(x))
        for b1, b20, b21, b30, b31, b41 in self.blocks:
            pool = F.max_pool2d(x, 3, stride=1, padding=1, ceil_mode=True)
            x = torch.cat([F.relu(b1(x)), F.relu(b21(F.relu(b20(x)))), F.relu(b31(F.relu(b30(x)))),
                           F.relu(b41(pool))], dim=1)
        return self.fc(torch.flatten(x, 1))


class Pooling(nn.Module):
    """Input 2x11x11. @Conv2D(6, 3, padding 1, no bias) conv1; @Activate(RELU) relu1;
    @MaxPool2D(3, strides 2, padding 1) maxpool (6x6x6); @Use(ConvTanh, 6, name stage.0);
    @Use(ConvTanh, 6, name stage.1) with ConvTanh = @Conv2D(ARG1, 3, padding 1) conv, @Activate(TANH) act;
    @AvgPool2D(3, strides 2, padding 1, ceil) avgpool (6x4x4: ceil mode adds a window, count_include_pad);
    @GlobalAvgPool2D gap; @GlobalMaxPool2D(from avgpool) gmp; @Concat(from {gap, gmp}) both; @Dense(5, SOFTMAX) fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 6, 3, padding=1, bias=False)
        self.stages = [put(self, f"stage.{i}.conv", nn.Conv2d(6, 6, 3, padding=1)) for i in range(2)]
        self.fc = nn.Linear(12, CLASSES)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 3, stride=2, padding=1)
        for conv in self.stages:
            x = torch.tanh(conv(x))
        x = F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)
        gap = F.adaptive_avg_pool2d(x, 1).flatten(1)
        gmp = F.adaptive_max_pool2d(x, 1).flatten(1)  # one winner per channel, as Fovea (amax would split ties)
        return self.fc(torch.cat([gap, gmp], dim=1))


CASES = {"residual_identity": (ResidualIdentity, (3, 8, 8)), "residual_projection": (ResidualProjection, (3, 8, 8)),
         "inception": (Inception, (3, 8, 8)), "pooling": (Pooling, (2, 11, 11))}


def write_case(name, seed, network, input_shape, meta):
    torch.manual_seed(seed)
    net = network()
    weights = {k: v.detach().clone() for k, v in net.state_dict().items()}
    inputs = torch.randn(SAMPLES, *input_shape)
    labels = torch.randint(0, CLASSES, (SAMPLES,))
    net.double()
    logits = net(inputs.double())
    loss = F.cross_entropy(logits, labels)  # mean over the batch
    loss.backward()
    outputs = {"inputs": inputs, "labels": labels.float(), "logits": logits.detach().float(),
               "loss": loss.detach().float().reshape(1)}
    for key, p in net.named_parameters():
        outputs["grad." + key] = p.grad.float()
    save(os.path.join(HERE, f"graph_{name}.safetensors"), weights, meta)
    save(os.path.join(HERE, f"graph_{name}_outputs.safetensors"), outputs, meta)
    print(f"{name}: {len(weights)} tensors, loss {loss.item():.6f}")


def state(net):
    return [(k, list(v.shape)) for k, v in net.state_dict().items()]


def write_landmarks():
    path = os.path.join(HERE, "landmark_parameters.txt")
    lines = [f"# torchvision {torchvision.__version__}: state_dict names and shapes (batch-norm buffers included),"
             " written by make_graph_fixtures.py"]
    nets = {"resnet18": torchvision.models.resnet18(),
            "googlenet": torchvision.models.googlenet(aux_logits=False, init_weights=False)}
    for network, net in nets.items():
        for key, shape in state(net):
            lines.append(f"{network} {key} {' '.join(map(str, shape))}")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    print(f"{path}: {len(lines) - 1} tensors")


def main():
    torch.set_num_threads(1)
    meta = {"format": "pt", "torch": torch.__version__, "script": os.path.basename(__file__)}
    for seed, (name, (network, input_shape)) in enumerate(CASES.items()):
        write_case(name, 100 + seed, network, input_shape, meta)
    write_landmarks()


if __name__ == "__main__":
    main()
