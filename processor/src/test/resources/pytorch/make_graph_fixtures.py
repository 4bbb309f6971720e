#!/usr/bin/python3
"""Builds in PyTorch the graph networks GraphInteropTest declares in Fovea and writes what the test compares.

    /usr/bin/python3 make_graph_fixtures.py   # rewrites graph_*.safetensors and landmark_parameters.txt here
    /usr/bin/python3 -c 'import make_graph_fixtures as m; m.write_landmarks()'   # landmark_parameters.txt only
    /usr/bin/python3 make_graph_fixtures.py lrn fixed_kernels   # rewrites those cases' fixtures only

For each case (residual_identity, residual_projection, inception, pooling, and issue 9's kinds: lrn, channel_pool,
gaussian_pool, fixed_kernels, depthwise, sequence_1d):
  graph_<case>.safetensors          seeded random weights, named as Fovea names them (state_dict keys are
                                    Fovea's parameterNames: dotted modules are nested by `put` below)
  graph_<case>_outputs.safetensors  inputs [8, C, H, W] ([8, C, L] for a sequence), labels [8] (class indices
                                    stored as F32), logits [8, 5],
                                    loss [1] = the MEAN cross-entropy over the 8 samples (F.cross_entropy's
                                    default), and grad.<name> = d loss / d <name> for every parameter
The forward and backward run in float64 on the float32 weights and inputs as saved, so the reference carries
no float32 rounding of its own; the results are stored as float32.

landmark_parameters.txt lists torchvision's resnet18(), googlenet(aux_logits=False, init_weights=False),
resnet34(), alexnet() and vgg11() state_dict names and shapes, batch-norm buffers included: the parameters and
state the example's zoo (example-project/src/main/java/dev/fovea/example/zoo) must have.

Needs torch, torchvision and numpy only; safetensors files are written by hand as in make_lenet_safetensors.py.
"""
import os
import sys

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


def lrn(x, size, alpha, beta, k):
    """PyTorch's own F.local_response_norm, which the Fovea kind follows (alpha / size, zero-padded channels)."""
    return F.local_response_norm(x, size, alpha=alpha, beta=beta, k=k)


class Lrn(nn.Module):
    """Input 3x8x8. @Conv2D(6, 3, padding 1, RELU) conv1; @LocalResponseNorm(size 5, alpha 1, beta 0.75, k 2) lrn1;
    @Conv2D(4, 3, padding 1, TANH) conv2; @LocalResponseNorm(size 4, alpha 2, beta 0.5, k 1) lrn2;
    @Dense(5, SOFTMAX) fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(6, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 8 * 8, CLASSES)

    def forward(self, x):
        x = lrn(F.relu(self.conv1(x)), 5, 1.0, 0.75, 2.0)
        x = lrn(torch.tanh(self.conv2(x)), 4, 2.0, 0.5, 1.0)
        return self.fc(torch.flatten(x, 1))


class ChannelPool(nn.Module):
    """Input 2x6x6. @Conv2D(8, 3, padding 1) conv1; @ChannelMaxPool(2) maxout (4x6x6); @Conv2D(6, 3, padding 1,
    TANH) conv2; @ChannelAvgPool(value 3, strides 1) avg (4x6x6); @Dense(5, SOFTMAX) fc. Pooling over channels is
    a 3-D pooling of [N, 1, C, H, W] with window (w, 1, 1)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 6, 3, padding=1)
        self.fc = nn.Linear(4 * 6 * 6, CLASSES)

    def forward(self, x):
        x = F.max_pool3d(self.conv1(x).unsqueeze(1), (2, 1, 1), (2, 1, 1)).squeeze(1)
        x = F.avg_pool3d(torch.tanh(self.conv2(x)).unsqueeze(1), (3, 1, 1), (1, 1, 1)).squeeze(1)
        return self.fc(torch.flatten(x, 1))


def gaussian(kh, kw, sigma):
    """exp(-d^2 / (2 sigma^2)) by distance from the window's centre, normalised to sum 1, in float64."""
    dy = torch.arange(kh, dtype=torch.float64) - (kh - 1) / 2
    dx = torch.arange(kw, dtype=torch.float64) - (kw - 1) / 2
    w = torch.exp(-(dy[:, None] ** 2 + dx[None, :] ** 2) / (2 * sigma * sigma))
    return w / w.sum()


def per_channel(x, kernel, stride=1, padding=0):
    """One fixed kernel over every channel on its own: a grouped convolution with the kernel repeated."""
    c = x.shape[1]
    weight = kernel.to(x.dtype).reshape(1, 1, *kernel.shape).expand(c, 1, *kernel.shape)
    return F.conv2d(x, weight, stride=stride, padding=padding, groups=c)


class GaussianPool(nn.Module):
    """Input 2x9x9. @Conv2D(4, 3, padding 1, RELU) conv1; @GaussianPool2D(value 3, strides 2, sigma 1) pool1
    (4x4x4); @Conv2D(4, 3, padding 1, TANH) conv2; @GaussianPool2D(value {2, 3}, strides 1, sigma 0.8) pool2
    (4x3x2); @Dense(5, SOFTMAX) fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 3 * 2, CLASSES)

    def forward(self, x):
        x = per_channel(F.relu(self.conv1(x)), gaussian(3, 3, 1.0), stride=2)
        x = per_channel(torch.tanh(self.conv2(x)), gaussian(2, 3, 0.8), stride=1)
        return self.fc(torch.flatten(x, 1))


SOBEL_X = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=torch.float64)


class FixedKernels(nn.Module):
    """Input 1x8x8. @FixedConv2D(SOBEL_X, padding 1) sobel; @Conv2D(4, 3, padding 1, RELU) conv1;
    @FixedConv2D(value GAUSSIAN, size 5, sigma 1.5, padding SAME) blur; @FixedConv2D(value BOX, strides 2) box
    (4x3x3); @FixedConv2D(value CONSTANTS, size {1, 2}, weights {0.5, -1.5}) given (4x3x2); @Dense(5, SOFTMAX) fc.
    The fixed kernels are constants here too: only conv1 and fc have parameters."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 3 * 2, CLASSES)

    def forward(self, x):
        x = self.conv1(per_channel(x, SOBEL_X, padding=1))
        x = per_channel(F.relu(x), gaussian(5, 5, 1.5), padding=2)
        x = per_channel(x, torch.full((3, 3), 1 / 9, dtype=torch.float64), stride=2)
        x = per_channel(x, torch.tensor([[0.5, -1.5]], dtype=torch.float64))
        return self.fc(torch.flatten(x, 1))


class Depthwise(nn.Module):
    """Input 3x8x8. @DepthwiseConv2D(kernel 3, padding 1, depthMultiplier 2, RELU) dw (6x8x8);
    @SeparableConv2D(filters 5, kernel 3, strides 2, padding SAME, TANH) sep (5x4x4: SAME at strides 2 pads 0 above
    and left, 1 below and right, as Keras); @SeparableConv2D(filters 4, kernel {1, 2}, depthMultiplier 2, bias false)
    sep2 (4x4x3); @Dense(5, SOFTMAX) fc. A separable layer is a grouped convolution without bias named depthwise
    and a 1x1 convolution named pointwise."""

    def __init__(self):
        super().__init__()
        self.dw = nn.Conv2d(3, 6, 3, padding=1, groups=3)
        self.first = [put(self, "sep.depthwise", nn.Conv2d(6, 6, 3, stride=2, groups=6, bias=False)),
                    put(self, "sep.pointwise", nn.Conv2d(6, 5, 1))]
        self.second = [put(self, "sep2.depthwise", nn.Conv2d(5, 10, (1, 2), groups=5, bias=False)),
                     put(self, "sep2.pointwise", nn.Conv2d(10, 4, 1, bias=False))]
        self.fc = nn.Linear(4 * 4 * 3, CLASSES)

    def forward(self, x):
        x = F.relu(self.dw(x))
        depthwise, pointwise = self.first
        x = torch.tanh(pointwise(depthwise(F.pad(x, (0, 1, 0, 1)))))
        depthwise, pointwise = self.second
        x = pointwise(depthwise(x))
        return self.fc(torch.flatten(x, 1))


class Sequence1d(nn.Module):
    """Input 2x20, a sequence. @Conv1D(4, kernel 3, padding 1, RELU) conv1; @MaxPool1D(3, strides 2, padding 1)
    pool1 (4x10); @Conv1D(6, kernel 4, strides 2, padding {2, 1}, TANH) conv2 (6x5: nn.Conv1d pads both ends
    alike, so F.pad adds the uneven padding first); @AvgPool1D(2, strides 1, padding 1, ceil) pool2 (6x6,
    count_include_pad); @Conv1D(5, kernel 3, padding SAME, no bias) conv3 (5x6); @GlobalAvgPool1D gap;
    @GlobalMaxPool1D(from conv3) gmp; @Concat(from {gap, gmp}) both; @Dense(5, SOFTMAX) fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(2, 4, 3, padding=1)
        self.conv2 = nn.Conv1d(4, 6, 4, stride=2)
        self.conv3 = nn.Conv1d(6, 5, 3, padding="same", bias=False)
        self.fc = nn.Linear(10, CLASSES)

    def forward(self, x):
        x = F.max_pool1d(F.relu(self.conv1(x)), 3, stride=2, padding=1)
        x = torch.tanh(self.conv2(F.pad(x, (2, 1))))
        x = self.conv3(F.avg_pool1d(x, 2, stride=1, padding=1, ceil_mode=True))
        gap = F.adaptive_avg_pool1d(x, 1).flatten(1)
        gmp = F.adaptive_max_pool1d(x, 1).flatten(1)
        return self.fc(torch.cat([gap, gmp], dim=1))


CASES = {"residual_identity": (ResidualIdentity, (3, 8, 8)), "residual_projection": (ResidualProjection, (3, 8, 8)),
         "inception": (Inception, (3, 8, 8)), "pooling": (Pooling, (2, 11, 11)),
         "lrn": (Lrn, (3, 8, 8)), "channel_pool": (ChannelPool, (2, 6, 6)),
         "gaussian_pool": (GaussianPool, (2, 9, 9)), "fixed_kernels": (FixedKernels, (1, 8, 8)),
         "depthwise": (Depthwise, (3, 8, 8)), "sequence_1d": (Sequence1d, (2, 20))}


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
            "googlenet": torchvision.models.googlenet(aux_logits=False, init_weights=False),
            "resnet34": torchvision.models.resnet34(),
            "alexnet": torchvision.models.alexnet(),
            "vgg11": torchvision.models.vgg11()}
    for network, net in nets.items():
        for key, shape in state(net):
            lines.append(f"{network} {key} {' '.join(map(str, shape))}")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    print(f"{path}: {len(lines) - 1} tensors")


def main(only):
    """Writes every case and landmark_parameters.txt, or only the cases named (each keeps its own seed)."""
    torch.set_num_threads(1)
    meta = {"format": "pt", "torch": torch.__version__, "script": os.path.basename(__file__)}
    for seed, (name, (network, input_shape)) in enumerate(CASES.items()):
        if not only or name in only:
            write_case(name, 100 + seed, network, input_shape, meta)
    if not only:
        write_landmarks()


if __name__ == "__main__":
    main(sys.argv[1:])
