"""The Fashion-MNIST neural-ODE classifier of `aca classify` in PyTorch (float64), for the comparator classify.py.

The same network as src/AcaKernels.Experiments/Classification/ConvOdeNetwork.cs: pixels / 255 standardised with
mean 0.2860 and standard deviation 0.3530; 3x3 conv 1 -> 8, stride 2, padding 1 (28 -> 14), ReLU; 3x3 conv 8 -> 8,
stride 2 (14 -> 7), ReLU; the block z(1) from z(0) with dz/dt = conv(tanh(conv(z))) (3x3, stride 1, padding 1, biases),
or the ResNet baseline z <- z + f(z)/4 four times; a linear layer from the 392 features (channel-major, as
ConvOdeBlock's state) to 10 logits; mean softmax cross-entropy. The flat parameter vector has our layout (each
layer's weights out x in x 3 x 3 row-major, then its biases; the head's 10 x 392 weights, then its biases), so both
sides can start from the same numbers. The training loop is ClassifierTrainer's: Adam, lr x decay per epoch, the
given order of images per epoch, batches of the given size (the last one the remainder), test evaluation after each
epoch in batches of max(batch, min(test images, 256)) without gradients.
"""
import gzip
import os
import struct
import time

import torch
import torch.nn.functional as F

import rk_batch

DATA_DIRECTORY = "/usr/share/datasets/fashion-mnist"
SIDE, CLASSES, CHANNELS = 28, 10, 8
PIXEL_MEAN, PIXEL_STD = 0.2860, 0.3530
LEARNING_RATE, LEARNING_RATE_DECAY, BETAS, EPSILON = 1e-2, 0.8, (0.9, 0.999), 1e-8


def read_idx(path, dimensions, count):
    """The first ``count`` items of a gzip-compressed unsigned-byte IDX file, as bytes, and the item shape."""
    if not os.path.exists(path):
        raise SystemExit(f"{path} not found: install Fashion-MNIST with 'apt-get install dataset-fashion-mnist' (as root).")
    with gzip.open(path, "rb") as stream:
        magic, = struct.unpack(">i", stream.read(4))
        if magic != (0x08 << 8) | dimensions:
            raise SystemExit(f"{path} starts with magic number {magic:#010x}, not an unsigned-byte IDX file of {dimensions} dimension(s).")
        sizes = struct.unpack(f">{dimensions}i", stream.read(4 * dimensions))
        if count > sizes[0]:
            raise SystemExit(f"{path} holds {sizes[0]} items; {count} were asked for.")
        item = 1
        for s in sizes[1:]:
            item *= s
        data = stream.read(item * count)
        if len(data) != item * count:
            raise SystemExit(f"{path} ends after {len(data)} of {item * count} bytes; the file is truncated.")
        return data, sizes[1:]


def load(prefix, count):
    """(images (count, 1, 28, 28) standardised float64, labels (count,) int64): the first ``count`` of the set."""
    pixels, shape = read_idx(os.path.join(DATA_DIRECTORY, f"{prefix}-images-idx3-ubyte.gz"), 3, count)
    labels, _ = read_idx(os.path.join(DATA_DIRECTORY, f"{prefix}-labels-idx1-ubyte.gz"), 1, count)
    if tuple(shape) != (SIDE, SIDE):
        raise SystemExit(f"{prefix} images are {shape}, not {SIDE}x{SIDE}.")
    x = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).to(torch.float64) / 255.0
    x = (x - PIXEL_MEAN) / PIXEL_STD
    return x.view(count, 1, SIDE, SIDE), torch.frombuffer(bytearray(labels), dtype=torch.uint8).to(torch.int64)


class Network(torch.nn.Module):
    """Front, block, head; ``block`` is ("ode", tableau name, tolerance) or ("resnet", K)."""

    def __init__(self, block):
        super().__init__()
        conv = lambda i, o, s: torch.nn.Conv2d(i, o, 3, stride=s, padding=1, dtype=torch.float64)
        self.down1, self.down2 = conv(1, CHANNELS, 2), conv(CHANNELS, CHANNELS, 2)
        self.conv1, self.conv2 = conv(CHANNELS, CHANNELS, 1), conv(CHANNELS, CHANNELS, 1)
        self.head = torch.nn.Linear(CHANNELS * 7 * 7, CLASSES, dtype=torch.float64)
        self.block = block
        self.evaluations = 0  # evaluations of f per image, forward only, summed over images (a batch's one call counts B)

    def layers(self):
        """The parameters in our flat layout's order."""
        return [self.down1.weight, self.down1.bias, self.down2.weight, self.down2.bias, self.conv1.weight,
                self.conv1.bias, self.conv2.weight, self.conv2.bias, self.head.weight, self.head.bias]

    def load_flat(self, theta):
        theta = torch.as_tensor(theta, dtype=torch.float64)
        total = sum(p.numel() for p in self.layers())
        if theta.numel() != total:
            raise SystemExit(f"the initial parameters hold {theta.numel()} values; this network has {total}.")
        offset = 0
        with torch.no_grad():
            for p in self.layers():
                p.copy_(theta[offset: offset + p.numel()].view_as(p))
                offset += p.numel()

    def front(self, x):
        return F.relu(self.down2(F.relu(self.down1(x))))

    def f(self, t, z):
        return self.conv2(torch.tanh(self.conv1(z)))

    def solve_block(self, z0):
        if self.block[0] == "resnet":
            z1, stats = rk_batch.euler(self.f, z0, self.block[1])
        else:
            z1, stats = rk_batch.solve(self.f, z0, rk_batch.TABLEAUS[self.block[1]], self.block[2], self.block[2])
        self.evaluations += stats["evaluations"] * z0.shape[0]
        return z1

    def forward(self, x):
        return self.head(self.solve_block(self.front(x)).flatten(1))


def train(net, train_set, test_set, orders, batch, on_epoch):
    """ClassifierTrainer.Train: one Adam step per batch, lr x 0.8 per epoch, test evaluation after each epoch.
    ``on_epoch(epoch)`` gets a dict: train loss and accuracy (means over the epoch), test loss and accuracy, the
    epoch's training wall time in seconds (not its test evaluation), block evaluations per training image."""
    x, y = train_set
    adam = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE, betas=BETAS, eps=EPSILON)
    for epoch, order in enumerate(orders):
        adam.param_groups[0]["lr"] = LEARNING_RATE * LEARNING_RATE_DECAY ** epoch
        start, evaluations = time.perf_counter(), net.evaluations
        loss_sum, correct = 0.0, 0
        for first in range(0, len(order), batch):
            index = order[first: first + batch]
            adam.zero_grad()
            logits = net(x[index])
            loss = F.cross_entropy(logits, y[index])
            loss.backward()
            adam.step()
            loss_sum += float(loss) * len(index)
            correct += int((logits.argmax(1) == y[index]).sum())
        seconds = time.perf_counter() - start
        per_image = (net.evaluations - evaluations) / len(order)
        test_loss, test_accuracy = evaluate(net, test_set, max(batch, min(len(test_set[1]), 256)))
        on_epoch({"epoch": epoch + 1, "train_loss": loss_sum / len(order), "train_accuracy": correct / len(order),
                  "test_loss": test_loss, "test_accuracy": test_accuracy, "seconds": seconds,
                  "forward_evaluations_per_image": per_image})


def evaluate(net, data, batch):
    x, y = data
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for first in range(0, len(y), batch):
            logits = net(x[first: first + batch])
            loss_sum += float(F.cross_entropy(logits, y[first: first + batch], reduction="sum"))
            correct += int((logits.argmax(1) == y[first: first + batch]).sum())
    return loss_sum / len(y), correct / len(y)
