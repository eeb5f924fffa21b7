#!/usr/bin/env python3
"""The comparators of benchmarks/gpu/check.sh: the same Lorenz ensemble in PyTorch, torchdiffeq, JAX and diffrax on
the same device, timed, and printed beside AcaKernels' figures (read from the TSV the C# check wrote) as ratios.

Workloads (Lorenz-63, float32, theta = (10, 28, 8/3) shared, z0 = (1, 1, 1) +- 10 %, t in [0, 1]):
  rk4-fixed-fwd     classical RK4, 1000 steps of 0.001, forward only
  tsit5-fixed-fwd   Tsitouras 5(4) with the same constant step, forward only
  dopri5-fwd        Dormand-Prince 5(4), rtol/atol as given (1e-6), forward only
  dopri5-fwd+grad   the same solve and the gradient of sum(seeds * z(1)) w.r.t. z0 and theta
and a float32 neural ODE, dz/dt = W2 tanh(W1 z + b1) + b2 (2 -> 32 -> 2, the weights by the closed form of
NeuralOdeDynamics.Theta in the C# check, so both sides solve the same network), z0 uniform in [-2, 2]^2, t in [0, 1]:
  mlp-dopri5-fwd       Dormand-Prince 5(4) at the same rtol/atol, forward only (torchdiffeq)
  mlp-dopri5-fwd+grad  the same solve and the gradient of sum(seeds * z(1)) w.r.t. z0 and the weights

Each engine runs once untimed (compilation, caches), then --rounds times; the figure is the median wall time with the
device synchronised (torch.cuda.synchronize, jax.block_until_ready). Ratios are "their time per trajectory / ours":
above 1 means AcaKernels is faster. A package that is not importable is reported as "skipped: ... not installed".
Where the gradient would not fit the device's memory at full B (autograd through the solver keeps every stage), the
gradient rows use --grad-trajectories; ratios are per trajectory, so they stay comparable (a smaller B under-fills
a GPU, which favours no one by much at 10^5 trajectories and more, and is printed beside every row).
"""
import argparse
import os
import statistics
import sys
import time

# JAX would take 75 % of the GPU's memory at import; torch's cache is emptied before JAX runs.
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")

THETA = (10.0, 28.0, 8.0 / 3.0)


def parse():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trajectories", type=int, default=8_388_608, help="B for the forward workloads")
    ap.add_argument("--grad-trajectories", type=int, default=262_144, help="B for the gradient rows of the comparators")
    ap.add_argument("--steps", type=int, default=1000, help="fixed steps over t in [0, 1]")
    ap.add_argument("--rtol", type=float, default=1e-6)
    ap.add_argument("--atol", type=float, default=1e-6)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
    ap.add_argument("--ours", help="the TSV AcaKernels' check wrote (workload, engine, B, seconds, reference, note)")
    ap.add_argument("--only", default="torch,torchdiffeq,jax,diffrax", help="comma-separated comparators to run")
    return ap.parse_args()


class Row:
    def __init__(self, workload, engine, trajectories, seconds, reference=False, note=""):
        self.workload, self.engine, self.trajectories = workload, engine, trajectories
        self.seconds, self.reference, self.note = seconds, reference, note

    @property
    def ns_per_trajectory(self):
        return self.seconds * 1e9 / self.trajectories if self.seconds is not None else None


def timed(run, sync, rounds):
    """Median wall seconds of run() over `rounds` calls after one untimed call, with the device synchronised."""
    run()
    sync()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        sync()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def attempt(rows, workload, engine, trajectories, measure, note=""):
    """Runs one measurement; a failure (out of memory, an API change) becomes a row that says so, not a crash."""
    try:
        rows.append(Row(workload, engine, trajectories, measure(), note=note))
    except Exception as error:  # noqa: BLE001 - every failure is reported in the table and the run goes on
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        rows.append(Row(workload, engine, trajectories, None, note=f"failed: {type(error).__name__}: {message[:100]}"))
    row = rows[-1]
    # Printed as measured too, so a run stopped by its time limit still shows what it had.
    figure = f"{row.seconds * 1e3:.2f} ms" if row.seconds is not None else row.note
    print(f"  {workload}: {engine}, B = {trajectories}: {figure}", flush=True)


# ---------------------------------------------------------------------------------------------------------- torch
def torch_rows(args, rows):
    try:
        import torch
    except ImportError:
        print("skipped: torch not installed (PyTorch and torchdiffeq rows)")
        return
    device = "cuda" if args.device in ("auto", "cuda") and torch.cuda.is_available() else "cpu"
    if args.device == "cuda" and device != "cuda":
        print("skipped: torch has no CUDA device here (--device cuda)")
        return
    print(f"torch {torch.__version__} on {device}" + (f" ({torch.cuda.get_device_name(0)})" if device == "cuda" else ""))
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    generator = torch.Generator().manual_seed(1)

    def inputs(b):
        z0 = (1.0 + 0.1 * (2 * torch.rand(3, b, generator=generator) - 1)).to(device)  # [component][trajectory]
        seeds = (2 * torch.rand(3, b, generator=generator) - 1).to(device)
        return z0, seeds

    def f(z, p):
        x, y, w = z[0], z[1], z[2]
        return torch.stack((p[0] * (y - x), x * (p[1] - w) - y, x * y - p[2] * w))

    theta = torch.tensor(THETA, dtype=torch.float32, device=device)
    B, h = args.trajectories, 1.0 / args.steps

    if "torch" in args.only:
        z0, _ = inputs(B)

        def hand_rk4():
            with torch.no_grad():
                z = z0
                for _ in range(args.steps):
                    k1 = f(z, theta)
                    k2 = f(z + (0.5 * h) * k1, theta)
                    k3 = f(z + (0.5 * h) * k2, theta)
                    k4 = f(z + h * k3, theta)
                    z = z + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
                return z

        attempt(rows, "rk4-fixed-fwd", "PyTorch, hand-written RK4 on [3, B] tensors", B,
                lambda: timed(hand_rk4, sync, args.rounds), "about 30 tensor ops per step, one kernel each")
        del z0

    if "torchdiffeq" in args.only:
        try:
            import torchdiffeq
        except ImportError:
            print("skipped: torchdiffeq not installed (its rk4 and dopri5 rows)")
        else:
            print(f"torchdiffeq {getattr(torchdiffeq, '__version__', '?')}")
            torchdiffeq_rows(args, rows, torch, torchdiffeq, device, sync, inputs, f, theta)

    if device == "cuda":
        torch.cuda.empty_cache()  # give the memory back before JAX runs in this process


def torchdiffeq_rows(args, rows, torch, torchdiffeq, device, sync, inputs, f, theta_values):
    class Lorenz(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.theta = torch.nn.Parameter(theta_values.clone())

        def forward(self, t, z):
            return f(z, self.theta)

    model = Lorenz().to(device)
    span = torch.tensor([0.0, 1.0], device=device)
    B, Bg, h = args.trajectories, args.grad_trajectories, 1.0 / args.steps
    note = "one step size for the whole batch (torchdiffeq's error norm spans the whole tensor)"

    z0, _ = inputs(B)

    def rk4():
        with torch.no_grad():
            return torchdiffeq.odeint(model, z0, span, method="rk4", options=dict(step_size=h))[-1]

    attempt(rows, "rk4-fixed-fwd", "torchdiffeq odeint method=rk4", B, lambda: timed(rk4, sync, args.rounds),
            "torchdiffeq's rk4 is the 3/8 rule (also 4 evaluations per step)")

    def dopri5():
        with torch.no_grad():
            return torchdiffeq.odeint(model, z0, span, method="dopri5", rtol=args.rtol, atol=args.atol)[-1]

    attempt(rows, "dopri5-fwd", "torchdiffeq odeint dopri5", B, lambda: timed(dopri5, sync, args.rounds), note)
    del z0
    if device == "cuda":
        torch.cuda.empty_cache()

    zg, seeds = inputs(Bg)
    attempt(rows, "dopri5-fwd+grad", "torchdiffeq odeint dopri5, backprop through the solver", Bg,
            lambda: timed(dopri5_gradient(args, model, zg, seeds, span, torchdiffeq.odeint), sync, args.rounds),
            "discrete gradient (as ACA), " + note)
    attempt(rows, "dopri5-fwd+grad", "torchdiffeq odeint_adjoint dopri5 (continuous adjoint)", Bg,
            lambda: timed(dopri5_gradient(args, model, zg, seeds, span, torchdiffeq.odeint_adjoint), sync, args.rounds),
            "backward re-solve: not the exact discrete gradient")
    del zg, seeds
    if device == "cuda":
        torch.cuda.empty_cache()
    neural_ode_rows(args, rows, torch, torchdiffeq, device, sync, span, note)


def dopri5_gradient(args, model, z0s, seeds, span, solve):
    """One gradient call: dopri5 through `solve` (odeint: backprop through the solver; odeint_adjoint: the continuous
    adjoint) and d sum(seeds * z(t_end)) / d(z0, the model's parameters), as ACA's rows compute."""
    def run():
        model.zero_grad(set_to_none=True)
        z0 = z0s.clone().requires_grad_(True)
        final = solve(model, z0, span, method="dopri5", rtol=args.rtol, atol=args.atol)[-1]
        (final * seeds).sum().backward()
        return z0.grad
    return run


HIDDEN = 32


def neural_ode_weights():
    """NeuralOdeDynamics.Theta's closed form (src/AcaKernels.Experiments/NeuralOde/NeuralOdeDynamics.cs), in double, as lists."""
    import math
    w1 = [[1.5 * math.sin(1.3 * k + 2.1 * j + 0.5) for j in range(2)] for k in range(HIDDEN)]
    b1 = [0.5 * math.cos(0.7 * k + 0.3) for k in range(HIDDEN)]
    w2 = [[2 / math.sqrt(HIDDEN) * math.cos(1.1 * k * (i + 1) + 0.2) for k in range(HIDDEN)] for i in range(2)]
    b2 = [0.1 * (i + 1) for i in range(2)]
    return w1, b1, w2, b2


def neural_ode_rows(args, rows, torch, torchdiffeq, device, sync, span, note):
    w1, b1, w2, b2 = neural_ode_weights()

    class Mlp(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = torch.nn.Linear(2, HIDDEN)
            self.out = torch.nn.Linear(HIDDEN, 2)
            with torch.no_grad():
                for layer, weight, bias in ((self.hidden, w1, b1), (self.out, w2, b2)):
                    layer.weight.copy_(torch.tensor(weight, dtype=torch.float32))
                    layer.bias.copy_(torch.tensor(bias, dtype=torch.float32))

        def forward(self, t, z):
            return self.out(torch.tanh(self.hidden(z)))

    model = Mlp().to(device)
    generator = torch.Generator().manual_seed(2)
    B, Bg = args.trajectories, args.grad_trajectories

    def inputs(b):
        z0 = (4 * torch.rand(b, 2, generator=generator) - 2).to(device)  # [trajectory][component]: nn.Linear's layout
        return z0, (2 * torch.rand(b, 2, generator=generator) - 1).to(device)

    z0, _ = inputs(B)

    def forward():
        with torch.no_grad():
            return torchdiffeq.odeint(model, z0, span, method="dopri5", rtol=args.rtol, atol=args.atol)[-1]

    attempt(rows, "mlp-dopri5-fwd", "torchdiffeq odeint dopri5, tanh MLP 2-32-2", B, lambda: timed(forward, sync, args.rounds), note)
    del z0
    if device == "cuda":
        torch.cuda.empty_cache()

    zg, seeds = inputs(Bg)
    attempt(rows, "mlp-dopri5-fwd+grad", "torchdiffeq odeint dopri5, backprop, tanh MLP", Bg,
            lambda: timed(dopri5_gradient(args, model, zg, seeds, span, torchdiffeq.odeint), sync, args.rounds),
            "discrete gradient (as ACA), " + note)
    attempt(rows, "mlp-dopri5-fwd+grad", "torchdiffeq odeint_adjoint dopri5, tanh MLP", Bg,
            lambda: timed(dopri5_gradient(args, model, zg, seeds, span, torchdiffeq.odeint_adjoint), sync, args.rounds),
            "backward re-solve: not the exact discrete gradient")


# ------------------------------------------------------------------------------------------------------------ JAX
def jax_rows(args, rows):
    if args.device == "cpu":
        os.environ["JAX_PLATFORMS"] = "cpu"  # read when JAX starts its backends, so set before the import
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        print("skipped: jax not installed (JAX and diffrax rows)")
        return
    backend = jax.default_backend()
    if args.device == "cuda" and backend != "gpu":
        print(f"skipped: jax has no GPU here (backend {backend})")
        return
    print(f"jax {jax.__version__} on {backend} ({jax.devices()[0].device_kind})")
    key = jax.random.key(1) if hasattr(jax.random, "key") else jax.random.PRNGKey(1)
    k0, k1 = jax.random.split(key)
    theta = jnp.asarray(THETA, dtype=jnp.float32)
    B, h = args.trajectories, 1.0 / args.steps

    def inputs(b, k):
        a, s = jax.random.split(k)
        return (1.0 + 0.1 * (2 * jax.random.uniform(a, (3, b), jnp.float32) - 1),
                2 * jax.random.uniform(s, (3, b), jnp.float32) - 1)

    def f(z, p):
        x, y, w = z[0], z[1], z[2]
        return jnp.stack((p[0] * (y - x), x * (p[1] - w) - y, x * y - p[2] * w))

    if "jax" in args.only:
        z0, _ = inputs(B, k0)

        @jax.jit
        def hand_rk4(z, p):
            def step(_, z):
                k1 = f(z, p)
                k2 = f(z + (0.5 * h) * k1, p)
                k3 = f(z + (0.5 * h) * k2, p)
                k4 = f(z + h * k3, p)
                return z + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
            return jax.lax.fori_loop(0, args.steps, step, z)

        attempt(rows, "rk4-fixed-fwd", "JAX, hand-written RK4 in lax.fori_loop, jit", B,
                lambda: timed(lambda: hand_rk4(z0, theta).block_until_ready(), lambda: None, args.rounds),
                "XLA fuses each step's elementwise ops")
        del z0

    if "diffrax" in args.only:
        try:
            import diffrax
        except ImportError:
            print("skipped: diffrax not installed (its tsit5 and dopri5 rows)")
            return
        print(f"diffrax {getattr(diffrax, '__version__', '?')}")
        diffrax_rows(args, rows, jax, jnp, diffrax, f, theta, inputs, k0, k1)


def diffrax_rows(args, rows, jax, jnp, diffrax, f, theta, inputs, k0, k1):
    B, Bg, h = args.trajectories, args.grad_trajectories, 1.0 / args.steps
    term = diffrax.ODETerm(lambda t, y, p: f(y, p))
    note = "vmap over diffeqsolve: each trajectory its own steps, the batch runs until the slowest is done"

    def final(solver, controller, dt0, max_steps):
        def one(y0, p):
            solution = diffrax.diffeqsolve(term, solver, t0=0.0, t1=1.0, dt0=dt0, y0=y0, args=p,
                                           saveat=diffrax.SaveAt(t1=True), stepsize_controller=controller,
                                           max_steps=max_steps)
            return solution.ys[-1]
        # z is [3, B]: vmap over the trajectory axis, theta shared.
        return jax.vmap(one, in_axes=(1, None), out_axes=1)

    z0, _ = inputs(B, k0)
    fixed = jax.jit(final(diffrax.Tsit5(), diffrax.ConstantStepSize(), h, args.steps + 8))
    attempt(rows, "tsit5-fixed-fwd", "diffrax Tsit5, ConstantStepSize, vmap, jit", B,
            lambda: timed(lambda: fixed(z0, theta).block_until_ready(), lambda: None, args.rounds))
    adaptive = final(diffrax.Dopri5(), diffrax.PIDController(rtol=args.rtol, atol=args.atol), None, 16 * args.steps)
    forward = jax.jit(adaptive)
    attempt(rows, "dopri5-fwd", "diffrax Dopri5, PIDController, vmap, jit", B,
            lambda: timed(lambda: forward(z0, theta).block_until_ready(), lambda: None, args.rounds), note)
    del z0

    zg, seeds = inputs(Bg, k1)

    def loss(z, p):
        return jnp.sum(adaptive(z, p) * seeds)

    gradient = jax.jit(jax.grad(loss, argnums=(0, 1)))
    attempt(rows, "dopri5-fwd+grad", "diffrax Dopri5, RecursiveCheckpointAdjoint, vmap, jit", Bg,
            lambda: timed(lambda: jax.block_until_ready(gradient(zg, theta)), lambda: None, args.rounds),
            "discrete gradient (as ACA), " + note)


# --------------------------------------------------------------------------------------------------------- table
def read_ours(path):
    rows = []
    with open(path, encoding="utf-8") as tsv:
        for line in tsv:
            if line.startswith("#") or not line.strip():
                continue
            workload, engine, trajectories, seconds, reference, note = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
            rows.append(Row(workload, engine, int(trajectories), float(seconds), reference == "ref", note))
    return rows


def print_table(ours, theirs):
    order = ["rk4-fixed-fwd", "tsit5-fixed-fwd", "dopri5-fwd", "dopri5-fwd+grad", "mlp-dopri5-fwd", "mlp-dopri5-fwd+grad"]
    workloads = order + sorted({r.workload for r in ours + theirs} - set(order))
    print()
    print(f"{'workload':<17} {'engine':<62} {'B':>9} {'ms':>10} {'ns/traj':>9} {'theirs/ours':>11}  note")
    for workload in workloads:
        mine = [r for r in ours if r.workload == workload]
        others = [r for r in theirs if r.workload == workload]
        reference = next((r for r in mine if r.reference), mine[0] if mine else None)
        for row in mine + others:
            ms = f"{row.seconds * 1e3:10.2f}" if row.seconds is not None else f"{'-':>10}"
            per = f"{row.ns_per_trajectory:9.2f}" if row.seconds is not None else f"{'-':>9}"
            ratio = ""
            if row in others and row.seconds is not None and reference is not None:
                ratio = f"{row.ns_per_trajectory / reference.ns_per_trajectory:10.2f}x"
            elif row is reference and others:
                ratio = f"{'(ref)':>11}"
            print(f"{workload:<17} {row.engine[:62]:<62} {row.trajectories:>9} {ms} {per} {ratio:>11}  {row.note}")
    if not ours:
        print("(no AcaKernels figures given: --ours FILE adds them and the ratios)")


def main():
    args = parse()
    args.only = {name.strip() for name in args.only.split(",")}
    theirs = []
    torch_rows(args, theirs)
    jax_rows(args, theirs)
    print_table(read_ours(args.ours) if args.ours else [], theirs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
