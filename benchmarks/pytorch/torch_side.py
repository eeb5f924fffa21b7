"""The PyTorch side of benchmarks/pytorch/compare.sh: naive autograd through dopri5_batch.py.

  torch_side.py PROBLEM --threads N [--repetitions R] [--data DIR] [--check] [--outputs interpolate|clip]

PROBLEM: lorenz or mlp (B = 1024, t in [0, 1], forward + gradient of L = sum z(1) w.r.t. z0 and theta), or
three-body (the 100-epoch mass fit, on the data our side wrote to DIR). Prints "run ..." per timed run and
"median ..." (wall and CPU time), like our side (RunTimer.cs). --check compares the results with our side's and the reference in DIR (ensembles: instead of timing;
three-body: the last timed fit's masses).
"""
import argparse
import statistics
import sys
import time

import torch

import checks
import problems
from dopri5_batch import solve


def ensemble_run(name, inputs, outputs):
    """One timed unit of the ensemble problems: solve, L = sum z(1), backward. Returns (z1, dL/dz0, dL/dtheta, stats)."""
    z0, theta = (x.clone().requires_grad_(True) for x in inputs)
    f = problems.lorenz_rhs(theta) if name == "lorenz" else problems.mlp_rhs(theta)
    ys, stats = solve(f, z0, [0.0, 1.0], problems.RTOL, problems.ATOL, outputs)
    ys[-1].sum().backward()
    return ys[-1].detach(), z0.grad, theta.grad, stats


def three_body_fit(data, outputs, epochs=100):
    """The fit of ThreeBodyFitter: per epoch one solve, the weighted loss, backward, one Adam step; lr x 0.95 per epoch."""
    times = problems.read(data, "threebody_times").tolist()
    observed = torch.tensor(problems.read(data, "threebody_observed").reshape(len(times), 18)[:, :9])
    z0 = torch.tensor(problems.read(data, "threebody_z0"))
    masses = torch.tensor(problems.read(data, "threebody_start"), requires_grad=True)
    weights = (0.01 ** torch.tensor(times, dtype=torch.float64)).view(-1, 1)
    tol = problems.THREE_BODY_TOLERANCE
    adam = torch.optim.Adam([masses], lr=0.1, betas=(0.5, 0.5), eps=1e-8)
    stats = None

    def loss_at(m):
        ys, st = solve(problems.three_body_rhs(m), z0, times, tol, tol, outputs)
        return (weights * (ys[:, :9] - observed) ** 2).sum(), st

    for epoch in range(epochs):
        adam.zero_grad()
        loss, stats = loss_at(masses)
        loss.backward()
        adam.param_groups[0]["lr"] = 0.1 * 0.95 ** epoch
        adam.step()
    with torch.no_grad():
        final_loss, _ = loss_at(masses)  # as ThreeBodyFitter's FinalLoss: one more solve
    return masses.detach().clone(), float(final_loss), stats


def timed(label, warmups, repetitions, run):
    """As RunTimer.cs: wall and whole-process CPU time per run, then both medians."""
    for _ in range(warmups):
        run()
    wall, cpu = [], []
    for _ in range(repetitions):
        cpu_start, start = time.process_time(), time.perf_counter()
        run()
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - cpu_start) * 1e3)
        print(f"run {label}: {wall[-1]:.3f} ms wall, {cpu[-1]:.3f} ms cpu", flush=True)
    print(f"median {label}: {statistics.median(wall):.3f} ms wall, {statistics.median(cpu):.3f} ms cpu", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problem", choices=["lorenz", "mlp", "three-body"])
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--data", help="directory our side wrote its results and data to")
    parser.add_argument("--check", action="store_true", help="check results against ours and the reference, do not time")
    parser.add_argument("--outputs", choices=["interpolate", "clip"], default="interpolate")
    parser.add_argument("--epochs", type=int, default=100, help="three-body: epochs per fit (the comparison uses 100)")
    args = parser.parse_args()
    if args.threads < 1 or args.repetitions < 1 or args.epochs < 1:
        parser.error("--threads, --repetitions and --epochs must be positive")
    torch.set_num_threads(args.threads)
    label = f"torch {args.problem} threads={args.threads} outputs={args.outputs}"

    if args.problem == "three-body":
        if args.data is None:
            parser.error("three-body needs --data DIR (the observations and start masses our side wrote)")
        three_body_fit(args.data, args.outputs, 1)  # warm-up: one epoch (a whole fit is long; there is no JIT to warm)
        last = {}
        timed(f"{label} fit", 0, args.repetitions,
              lambda: last.update(fit=three_body_fit(args.data, args.outputs, args.epochs)))
        masses, final_loss, stats = last["fit"]
        print(f"torch three-body: {args.epochs} epochs, {stats['accepted']} accepted / {stats['rejected']} rejected "
              f"steps in the last; masses ({', '.join(f'{m:.6f}' for m in masses.tolist())}), final loss {final_loss:.2E}")
        return checks.three_body(args.data, masses.numpy()) if args.check else 0

    inputs = problems.lorenz_inputs() if args.problem == "lorenz" else problems.mlp_inputs()
    if args.check:
        if args.data is None:
            parser.error("--check needs --data DIR")
        checks.require_ensemble_files(args.problem, args.data)  # before a solve, so a missing file fails at once
        z1, gz0, gtheta, stats = ensemble_run(args.problem, inputs, args.outputs)
        print(f"torch {args.problem}: B = {problems.TRAJECTORIES}, one step size for the batch: "
              f"{stats['accepted']} accepted, {stats['rejected']} rejected steps")
        return checks.ensemble(args.problem, args.data, z1.numpy(), gz0.numpy(), gtheta.numpy())
    timed(label, 1, args.repetitions, lambda: ensemble_run(args.problem, inputs, args.outputs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
