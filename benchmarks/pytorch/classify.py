"""The PyTorch side of `benchmarks/pytorch/compare.sh classify`: the Fashion-MNIST neural-ODE classifier of
`aca classify` (classify_model.py), its ODE block solved with torchdiffeq's batch semantics (rk_batch.py) and
differentiated naively by autograd, CPU, float64.

  classify.py --threads N --data DIR [--check] [--repetitions R] [--train-size N] [--test-size N] [--epochs E]
              [--batch B] [--block-batch B]

DIR holds what our side (AcaKernels.Benchmarks --pytorch-side classify) wrote: the initial parameters and every
epoch's order of the training images, so both sides train from the same numbers in the same order, and (for --check)
our loss and accuracy per epoch. --check trains the ODE network and the ResNet baseline for the given epochs and
compares them with ours (see check()); otherwise it times, as our side does:
  [epoch]  one training epoch from the initial parameters (the first epoch's order), wall time of the training
           loop (the trainer's own clock, test evaluation excluded; the test set is one image) and CPU time of the
           whole training call, after one untimed warm-up epoch;
  [block]  the ODE block alone on the first --block-batch training images' features at the initial parameters:
           z(1) and the gradient of L = sum z(1) with respect to z(0) and the block's parameters.
Each timed run prints "run ...", then "median ...", the lines compare.sh reads.
"""
import argparse
import statistics
import sys
import time

import numpy as np
import torch

import classify_model as model
import problems
import rk_batch

# The block's solver settings: ClassificationSettings' defaults, which our side (--pytorch-side classify) runs.
TABLEAU, TOLERANCE = "rk12", 1e-2
# Agreement bands, justified in check().
RESNET_MAX_RELATIVE_LOSS_DIFFERENCE = 1e-6
ODE_MAX_ACCURACY_DIFFERENCE = 0.05
ODE_MAX_RELATIVE_LOSS_DIFFERENCE = 0.05
CURVE_COLUMNS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy", "evaluations", "seconds")


def report(label, wall, cpu):
    print(f"median {label}: {statistics.median(wall):.3f} ms wall, {statistics.median(cpu):.3f} ms cpu", flush=True)


def time_epochs(args, theta0, order, train_set, one_test_image):
    """[epoch]: one warm-up epoch, then --repetitions epochs, each from theta0 in the same order."""
    label = f"torch classify [epoch] threads={args.threads}"
    wall, cpu = [], []
    for repetition in range(args.repetitions + 1):
        net = network(args, "ode", theta0)
        seen = []
        cpu_start = time.process_time()
        model.train(net, train_set, one_test_image, [order], args.batch, seen.append)
        cpu_ms, wall_ms = (time.process_time() - cpu_start) * 1e3, seen[0]["seconds"] * 1e3
        if repetition == 0:
            print(f"torch classify: {len(order)} images, batch {args.batch}, "
                  f"{seen[0]['forward_evaluations_per_image']:.1f} forward evaluations of f per image "
                  f"(backward: autograd through each), train loss {seen[0]['train_loss']:.4f}", flush=True)
            continue
        wall.append(wall_ms)
        cpu.append(cpu_ms)
        print(f"run {label}: {wall_ms:.3f} ms wall, {cpu_ms:.3f} ms cpu", flush=True)
    report(label, wall, cpu)


def time_block(args, theta0, train_set):
    """[block]: forward + naive backward of the ODE block on one batch of front features at theta0."""
    label = f"torch classify [block] threads={args.threads}"
    net = network(args, "ode", theta0)
    with torch.no_grad():
        z0 = net.front(train_set[0][: args.block_batch])
    tableau = rk_batch.TABLEAUS[TABLEAU]
    stats = {}

    def once():
        z = z0.clone().requires_grad_(True)
        net.zero_grad()
        z1, st = rk_batch.solve(net.f, z, tableau, TOLERANCE, TOLERANCE)
        z1.sum().backward()
        stats.update(st)

    once()  # warm-up (no JIT to warm, but the allocator and oneDNN's kernels are)
    wall, cpu = [], []
    for _ in range(args.repetitions):
        cpu_start, start = time.process_time(), time.perf_counter()
        once()
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - cpu_start) * 1e3)
        print(f"run {label}: {wall[-1]:.3f} ms wall, {cpu[-1]:.3f} ms cpu", flush=True)
    print(f"torch classify block: B = {args.block_batch}, one step size for the batch: {stats['accepted']} accepted, "
          f"{stats['rejected']} rejected steps, {stats['evaluations']} evaluations of f (forward)", flush=True)
    report(label, wall, cpu)
    print_evaluation_costs(net, z0)


def print_evaluation_costs(net, z0, passes=5):
    """Where the block's time goes: f on the whole batch, and f + autograd backward, CPU us per image."""
    z = z0.clone().requires_grad_(True)

    def cost(run):
        run()  # warm-up
        start = time.process_time()
        for _ in range(passes):
            run()
        return (time.process_time() - start) * 1e6 / (passes * len(z0))

    with torch.no_grad():
        forward = cost(lambda: net.f(0.0, z0))
    both = cost(lambda: net.f(0.0, z).sum().backward())
    print(f"torch classify block: f {forward:.1f} us, its backward {both - forward:.1f} us per image (CPU time, "
          f"batch of {len(z0)}, {torch.get_num_threads()} thread(s))", flush=True)


def network(args, kind, theta0):
    net = model.Network(("ode", TABLEAU, TOLERANCE) if kind == "ode" else ("resnet", 4))
    net.load_flat(theta0)
    return net


def check(args, theta0, orders, train_set, test_set):
    """Trains both block kinds for the epochs and compares each with ours, epoch by epoch."""
    status = 0
    print(f"check classify: {len(orders[0])} training images, {len(test_set[1])} test images, batch {args.batch}, "
          f"{len(orders)} epoch(s), {TABLEAU} at rtol = atol = {TOLERANCE:g}, from our initial parameters in our order")
    for kind, ours_name in (("resnet", "resnet"), ("ode", "aca")):
        ours = problems.read(args.data, f"classify_ours_{ours_name}").reshape(len(orders), len(CURVE_COLUMNS))
        mine = []
        model.train(network(args, kind, theta0), train_set, test_set, orders, args.batch, mine.append)
        print(f"check classify {kind}: epoch  train loss (ours / PyTorch)  test loss (ours / PyTorch)  "
              f"test accuracy (ours / PyTorch)  train s (ours / PyTorch)")
        worst_loss = worst_accuracy = 0.0
        for e, m in enumerate(mine):
            o = dict(zip(CURVE_COLUMNS, ours[e]))
            print(f"check classify {kind}: {e + 1:5d}  {o['train_loss']:.6f} / {m['train_loss']:.6f}"
                  f"        {o['test_loss']:.6f} / {m['test_loss']:.6f}       {o['test_accuracy']:.3f} / {m['test_accuracy']:.3f}"
                  f"                  {o['seconds']:.2f} / {m['seconds']:.2f}")
            for key in ("train_loss", "test_loss"):
                worst_loss = max(worst_loss, abs(m[key] - o[key]) / abs(o[key]))
            worst_accuracy = max(worst_accuracy, abs(m["test_accuracy"] - o["test_accuracy"]))
        if kind == "resnet":
            # The ResNet is the same arithmetic on both sides (4 Euler steps of 1/4, no step-size control): the same
            # start and order leave only the order of floating-point sums (oneDNN's convolutions vs our im2col dot
            # products, Adam's sqrt(v)/sqrt(c) vs sqrt(v/c)), ~1e-16 relative per operation, grown by the training's
            # sensitivity over the steps; 1e-6 leaves ample room for that while a wrong layer, layout, loss, gradient,
            # optimiser setting or image order changes the losses at the 1e-2 level or more.
            good = worst_loss <= RESNET_MAX_RELATIVE_LOSS_DIFFERENCE
            bands = f"largest relative loss difference {worst_loss:.1e} (limit {RESNET_MAX_RELATIVE_LOSS_DIFFERENCE:g})"
        else:
            # The ODE block cannot agree exactly: we step each image on its own, PyTorch steps the batch with one step
            # size from one RMS norm over all its images, so z(1) differs by up to the tolerance (1e-2) image by image,
            # and the training then follows different gradients from the first batch on. What must agree is the model
            # the training produces: losses within 5 % relative and test accuracy within 5 points (10 images of 200 at
            # the comparator's default size; on the check's data a wrong model is off by far more: chance is 10 %).
            good = worst_loss <= ODE_MAX_RELATIVE_LOSS_DIFFERENCE and worst_accuracy <= ODE_MAX_ACCURACY_DIFFERENCE
            bands = (f"largest relative loss difference {worst_loss:.1e} (limit {ODE_MAX_RELATIVE_LOSS_DIFFERENCE:g}), "
                     f"test accuracy difference {worst_accuracy:.3f} (limit {ODE_MAX_ACCURACY_DIFFERENCE:g})")
            print(f"check classify ode: evaluations of f per training image in the last epoch: ours {ours[-1][4]:.1f} "
                  f"(forward + ACA backward, each image its own steps), PyTorch {mine[-1]['forward_evaluations_per_image']:.1f} "
                  f"forward (the batch's shared steps; autograd backward through each)")
        print(f"check classify {kind}: {bands}: {'PASSED' if good else 'FAILED'}")
        status |= 0 if good else 1
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    parser.add_argument("--data", required=True, help="directory our side wrote the initial parameters and orders to")
    parser.add_argument("--check", action="store_true", help="train both block kinds and compare with ours; no timing")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--train-size", type=int, default=320)
    parser.add_argument("--test-size", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=2, help="epochs of the --check trainings")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--block-batch", type=int, default=32)
    args = parser.parse_args()
    for name in ("threads", "repetitions", "train_size", "test_size", "epochs", "batch", "block_batch"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    if args.block_batch > args.train_size:
        parser.error("--block-batch cannot exceed --train-size (the block runs on the first training images)")
    torch.set_num_threads(args.threads)

    theta0 = problems.read(args.data, "classify_theta0")
    orders = problems.read(args.data, "classify_order").astype(np.int64)
    if orders.size != args.epochs * args.train_size:
        raise SystemExit(f"{args.data}/classify_order.f64 holds {orders.size} indices, not {args.epochs} epochs x "
                         f"{args.train_size} images: run our side with the same sizes (compare.sh does).")
    orders = torch.from_numpy(orders.reshape(args.epochs, args.train_size))
    train_set = model.load("train", args.train_size)
    if args.check:
        return check(args, theta0, list(orders), train_set, model.load("t10k", args.test_size))
    time_epochs(args, theta0, orders[0], train_set, model.load("t10k", 1))
    time_block(args, theta0, train_set)
    return 0


if __name__ == "__main__":
    sys.exit(main())
