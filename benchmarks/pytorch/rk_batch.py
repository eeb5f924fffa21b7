"""Adaptive explicit Runge-Kutta from t = 0 to t = 1 with torchdiffeq's batch semantics and AcaKernels' step rules,
differentiated by autograd: the ODE block of the classifier comparator (classify.py).

Batch semantics as torchdiffeq's ``odeint``: the mini-batch is one state tensor, so one RMS error norm over every
element of the batch decides acceptance and one step size serves all images (AcaKernels steps each image on its
own). Step rules as AcaKernels (src/AcaKernels/Control/): Hairer's first step with the same norm, the PI controller
(safety 0.9, beta1 0.7, beta2 0.4, k = error order + 1, factor in [0.2, 10] after an accepted step, in [0.2, 1] after a
rejection, previous error floored at 1e-4) and the last step clipped to land on t = 1, never shrinking the next one.
Nothing is detached: naive backpropagation goes through the stages, the error norm and the controller, as it does
through torchdiffeq.

Tableaus: Heun-Euler 2(1) ("RK12", the paper's and `aca classify`'s default); Bogacki and Shampine, Appl. Math. Lett.
2 (1989); Dormand and Prince, J. Comput. Appl. Math. 6 (1980) (coefficients from dopri5_batch.py).
"""
from dataclasses import dataclass

import torch

import dopri5_batch


@dataclass(frozen=True)
class Tableau:
    c: tuple
    a: tuple
    b: tuple
    e: tuple  # error weights b - b_hat: the error estimate is h * sum(e_i k_i)
    error_order: int

    @property
    def fsal(self):
        """First same as last: the last stage is f at the new state, so it is the next step's first."""
        return self.c[-1] == 1.0 and tuple(self.a[-1]) + (0.0,) == tuple(self.b)


TABLEAUS = {
    "rk12": Tableau(c=(0.0, 1.0), a=((), (1.0,)), b=(1 / 2, 1 / 2), e=(1 / 2 - 1.0, 1 / 2), error_order=1),
    "bs3": Tableau(c=(0.0, 1 / 2, 3 / 4, 1.0), a=((), (1 / 2,), (0.0, 3 / 4), (2 / 9, 1 / 3, 4 / 9)),
                   b=(2 / 9, 1 / 3, 4 / 9, 0.0), e=(2 / 9 - 7 / 24, 1 / 3 - 1 / 4, 4 / 9 - 1 / 3, -1 / 8), error_order=2),
    "dopri5": Tableau(c=dopri5_batch.C, a=dopri5_batch.A, b=dopri5_batch.B5, e=dopri5_batch.E, error_order=4),
}

SAFETY, MIN_FACTOR, MAX_FACTOR, BETA1, BETA2, PREVIOUS_ERROR_FLOOR = 0.9, 0.2, 10.0, 0.7, 0.4, 1e-4


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


def _initial_step(f, t0, y0, f0, rtol, atol, k):
    """Hairer's starting step (Solving ODEs I, II.4), with the batch RMS norm; as InitialStepSize.Hairer."""
    scale = atol + rtol * y0.abs()
    d0, d1 = _rms(y0 / scale), _rms(f0 / scale)
    h0 = torch.where((d0 < 1e-5) | (d1 < 1e-5), torch.full_like(d0, 1e-6), 0.01 * d0 / d1)
    f1 = f(t0 + h0, y0 + h0 * f0)
    d2 = _rms((f1 - f0) / scale) / h0
    dmax = torch.maximum(d1, d2)
    h1 = torch.where(dmax <= 1e-15, torch.maximum(torch.full_like(h0, 1e-6), h0 * 1e-3), (0.01 / dmax) ** (1.0 / k))
    return torch.minimum(100 * h0, h1)


def solve(f, y0, tableau, rtol, atol, max_steps=100_000):
    """y(1) from y(0) = y0 for ``f(t, y)`` over the whole batch. Returns (y1, statistics dict)."""
    k_exp = tableau.error_order + 1
    t = torch.zeros((), dtype=y0.dtype)
    y, k1 = y0, f(t, y0)
    evaluations = 1
    h = _initial_step(f, t, y0, k1, rtol, atol, k_exp)
    evaluations += 1
    log_previous = torch.zeros((), dtype=y0.dtype)  # err_prev = 1 before the first accepted step
    accepted = rejected = 0
    while True:
        if accepted + rejected >= max_steps:
            raise SolveFailed(f"more than {max_steps} steps before t = 1")
        clipped = float(t + h) >= 1.0
        h_try = 1.0 - t if clipped else h
        stages = [k1]
        for i in range(1, len(tableau.c)):
            stages.append(f(t + tableau.c[i] * h_try, y + h_try * _combine(tableau.a[i], stages)))
        evaluations += len(tableau.c) - 1
        y_new = y + h_try * _combine(tableau.b, stages)
        error = h_try * _combine(tableau.e, stages)
        ratio = _rms(error / (atol + rtol * torch.maximum(y.abs(), y_new.abs())))
        r = float(ratio)
        if not r == r or r == float("inf"):
            raise SolveFailed(f"non-finite error norm at t = {float(t)}")
        if r > 1.0:
            rejected += 1
            h = h_try * torch.clamp(SAFETY * ratio ** (-1.0 / k_exp), min=MIN_FACTOR, max=1.0)
            continue
        accepted += 1
        if r == 0.0:
            factor = torch.full_like(ratio, MAX_FACTOR)
        else:
            log_error = ratio.log()
            factor = torch.clamp(SAFETY * torch.exp((BETA2 * log_previous - BETA1 * log_error) / k_exp),
                                 min=MIN_FACTOR, max=MAX_FACTOR)
        log_previous = ratio.log() if r > PREVIOUS_ERROR_FLOOR else torch.log(torch.tensor(PREVIOUS_ERROR_FLOOR, dtype=y0.dtype))
        h_next = h_try * factor
        # A step shortened to land on t = 1 says nothing about the step the error allows.
        if clipped and float(h_next) < float(h):
            h_next = h
        t, y, h = t + h_try, y_new, h_next
        if clipped:
            return y, {"accepted": accepted, "rejected": rejected, "evaluations": evaluations}
        if tableau.fsal:
            k1 = stages[-1]
        else:
            k1 = f(t, y)
            evaluations += 1


def euler(f, y0, steps):
    """The ResNet baseline: ``steps`` Euler steps of 1/steps from 0 to 1, y <- y + f(y) / steps (AcaKernels'
    Euler with FixedStep = 1/K computes y + h * f with h = 1/K; for K = 4 that is exact)."""
    h = 1.0 / steps
    y = y0
    for i in range(steps):
        y = y + h * f(i * h, y)
    return y, {"accepted": steps, "rejected": 0, "evaluations": steps}
