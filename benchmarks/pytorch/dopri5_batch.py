"""Dormand-Prince 5(4) with torchdiffeq's batch semantics, written for this comparator, differentiated by autograd.

Batch semantics as torchdiffeq's ``odeint(method='dopri5')``: the whole batch is one state tensor, so one RMS error
norm over every element of the batch decides acceptance and one step size serves all trajectories; the controller
is the integral (I) controller (safety 0.9, factor in [0.2, 10], exponent 1/5, and an accepted step never shrinks the
next one); the first step is Hairer's heuristic with the same norm; by default the solver steps past output times
and reads them off the method's 4th-order dense output, as torchdiffeq does ("clip" lands steps on them instead, as
AcaKernels does). Nothing is detached: naive backpropagation goes through the stages, the error norm, the
controller and the interpolation, as it does through torchdiffeq.

Coefficients: Dormand and Prince, J. Comput. Appl. Math. 6 (1980); dense output: Hairer, Nørsett and Wanner,
Solving ODEs I, §II.6 (the continuous extension of DOPRI5).
"""
import torch

C = (0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0)
A = (
    (),
    (1 / 5,),
    (3 / 40, 9 / 40),
    (44 / 45, -56 / 15, 32 / 9),
    (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
    (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84),
)
B5 = A[6] + (0.0,)  # 5th-order weights (FSAL: the 7th stage is f at the new state)
B4 = (5179 / 57600, 0.0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40)
E = tuple(b5 - b4 for b5, b4 in zip(B5, B4))  # error weights: y5 - y4 = h * sum(E_i k_i)
# Continuous extension of order 4 (weights of the last term).
D = (-12715105075 / 11282082432, 0.0, 87487479700 / 32700410799, -10690763975 / 1880347072,
     701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423)

SAFETY, MIN_FACTOR, MAX_FACTOR, ORDER = 0.9, 0.2, 10.0, 5


class SolveFailed(RuntimeError):
    """The solve hit its step limit or a non-finite error norm."""


def _rms(x):
    return x.pow(2).mean().sqrt()


def _combine(weights, stages):
    """sum_i w_i k_i over the non-zero weights (zero weights add no graph node)."""
    total = None
    for w, k in zip(weights, stages):
        if w != 0.0:
            total = w * k if total is None else total + w * k
    return total


def _initial_step(f, t0, y0, f0, rtol, atol):
    """Hairer's starting step, with the batch RMS norm."""
    scale = atol + rtol * y0.abs()
    d0, d1 = _rms(y0 / scale), _rms(f0 / scale)
    h0 = torch.where((d0 < 1e-5) | (d1 < 1e-5), torch.full_like(d0, 1e-6), 0.01 * d0 / d1)
    f1 = f(t0 + h0, y0 + h0 * f0)
    d2 = _rms((f1 - f0) / scale) / h0
    dmax = torch.maximum(d1, d2)
    h1 = torch.where(dmax <= 1e-15, torch.maximum(torch.full_like(h0, 1e-6), h0 * 1e-3), (0.01 / dmax) ** (1.0 / ORDER))
    return torch.minimum(100 * h0, h1)


def _dense(y0, y1, stages, h, theta):
    """y(t0 + theta h) for a column of theta values (shape (m,) + (1,) * y0.dim()), from one accepted step."""
    r2 = y1 - y0
    r3 = h * stages[0] - r2
    r4 = r2 - h * stages[6] - r3
    r5 = h * _combine(D, stages)
    return y0 + theta * (r2 + (1 - theta) * (r3 + theta * (r4 + (1 - theta) * r5)))


def solve(f, y0, times, rtol, atol, outputs="interpolate", max_steps=100_000):
    """y at every time in ``times`` (increasing floats, times[0] the start), stacked along a new first dimension.

    ``f(t, y)`` returns dy/dt for the whole batch ``y``. Returns (outputs, statistics dict).
    """
    if outputs not in ("interpolate", "clip"):
        raise ValueError(f"outputs must be 'interpolate' or 'clip', not {outputs!r}")
    if len(times) < 2 or any(b <= a for a, b in zip(times, times[1:])):
        raise ValueError("times must hold at least two strictly increasing values")
    t = torch.tensor(times[0], dtype=y0.dtype)
    y, k1 = y0, f(t, y0)
    h = _initial_step(f, t, y0, k1, rtol, atol)
    results = [y0]
    accepted = rejected = 0
    next_out = 1
    while next_out < len(times):
        if accepted + rejected >= max_steps:
            raise SolveFailed(f"more than {max_steps} steps before t = {times[next_out]}")
        h_try, clipped = h, False
        if outputs == "clip" and float(t + h) >= times[next_out]:
            h_try, clipped = times[next_out] - t, True
        stages = [k1]
        for i in range(1, 7):
            stages.append(f(t + C[i] * h_try, y + h_try * _combine(A[i], stages)))
        y_new = y + h_try * _combine(B5, stages)
        error = h_try * _combine(E, stages)
        ratio = _rms(error / (atol + rtol * torch.maximum(y.abs(), y_new.abs())))
        r = float(ratio)
        if not r == r or r == float("inf"):
            raise SolveFailed(f"non-finite error norm at t = {float(t)}")
        # I controller: an accepted step may grow the next one (up to 10x) but never shrinks it.
        if r == 0.0:
            factor = torch.full_like(ratio, MAX_FACTOR)
        else:
            low = 1.0 if r <= 1.0 else MIN_FACTOR
            factor = torch.clamp(SAFETY / ratio ** (1.0 / ORDER), min=low, max=MAX_FACTOR)
        if r > 1.0:
            rejected += 1
            h = h_try * factor
            continue
        accepted += 1
        t_new = t + h_try
        if clipped:
            results.append(y_new)
            next_out += 1
        else:
            t_end = float(t_new)
            hits = []
            while next_out < len(times) and times[next_out] <= t_end:
                hits.append(times[next_out])
                next_out += 1
            if hits:
                shape = (len(hits),) + (1,) * y.dim()
                theta = (torch.tensor(hits, dtype=y0.dtype).view(shape) - t) / h_try
                results.extend(_dense(y, y_new, stages, h_try, theta).unbind(0))
        # A step shortened to land on an output says nothing about the step the error allows.
        h = h if clipped else h_try * factor
        t, y, k1 = t_new, y_new, stages[6]
    return torch.stack(results), {"accepted": accepted, "rejected": rejected}
