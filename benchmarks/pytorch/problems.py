"""The comparator's problems in PyTorch, with the inputs AcaKernels.Benchmarks uses (PyTorchEnsembles.cs and
PyTorchThreeBody.cs): formulas repeated digit for digit, or data read from the files our side writes."""
import os

import numpy as np
import torch

TRAJECTORIES = 1024
RTOL, ATOL = 1e-6, 1e-8  # the ensembles' tolerances (Dopri5, float64)


def lorenz_inputs():
    """z0 as EnsembleSetup.LorenzInitialStates (b mod 101, 103, 107), theta = (10, 28, 8/3)."""
    b = np.arange(TRAJECTORIES)
    z0 = np.stack([1 + (b % 101) / 100.0, 1 + (b % 103) / 100.0, 1 + (b % 107) / 100.0], axis=1)
    return torch.tensor(z0), torch.tensor([10.0, 28.0, 8.0 / 3.0], dtype=torch.float64)


def lorenz_rhs(theta):
    sigma, rho, beta = theta.unbind(0)

    def f(t, z):
        x, y, w = z.unbind(1)
        return torch.stack((sigma * (y - x), x * (rho - w) - y, x * y - beta * w), dim=1)
    return f


MLP_N, MLP_H = 4, 16
MLP_PARAMETERS = MLP_H * MLP_N + MLP_H + MLP_N * MLP_H + MLP_N


def mlp_inputs():
    """z0_i = ((13 i) mod 97 - 48) / 24 over the flattened (B, 4) states; p_i = ((37 i) mod 101 - 50) / 50."""
    i = np.arange(TRAJECTORIES * MLP_N)
    z0 = ((13 * i) % 97 - 48) / 24.0
    j = np.arange(MLP_PARAMETERS)
    p = ((37 * j) % 101 - 50) / 50.0
    return torch.tensor(z0.reshape(TRAJECTORIES, MLP_N)), torch.tensor(p)


def mlp_rhs(p):
    """dz = W2 tanh(W1 z + b1) + b2, p = [W1 (16x4, row-major), b1, W2 (4x16), b2], as MlpDynamics / GeneratedMlp."""
    h, n = MLP_H, MLP_N
    w1 = p[: h * n].view(h, n)
    b1 = p[h * n: h * n + h]
    w2 = p[h * n + h: h * n + h + n * h].view(n, h)
    b2 = p[h * n + h + n * h:]

    def f(t, z):
        return torch.addmm(b2, torch.tanh(torch.addmm(b1, z, w1.t())), w2.t())
    return f


# The three-body problem's non-dimensional units (ThreeBodyUnits.cs), evaluated in the same order.
_G, _MASS, _LENGTH, _VELOCITY = 6.67408e-11, 1.989e30, 5.326e12, 30000.0
_TIME = 79.91 * 365 * 24 * 3600 * 0.51
K1 = _G * _TIME * _MASS / (_LENGTH * _LENGTH * _VELOCITY)
K2 = _VELOCITY * _TIME / _LENGTH
THREE_BODY_TOLERANCE = 1e-7  # rtol = atol of the fit's solves
_OFF_DIAGONAL = 1.0 - torch.eye(3, dtype=torch.float64)


def three_body_rhs(masses):
    """z = (r1, r2, r3, v1, v2, v3): dr_i = K2 v_i, dv_i = K1 sum_j m_j (r_j - r_i) / |r_j - r_i|^3, pairs by broadcasting."""
    pull = K1 * masses.view(1, 3, 1)

    def f(t, z):
        r = z[:9].view(3, 3)
        d = r.unsqueeze(0) - r.unsqueeze(1)            # d[i, j] = r_j - r_i
        s = (d * d).sum(2) + torch.eye(3, dtype=z.dtype)  # 1 on the diagonal, masked below
        g = _OFF_DIAGONAL / (s * s.sqrt())
        a = (pull * g.unsqueeze(2) * d).sum(1)
        return torch.cat((K2 * z[9:], a.reshape(9)))
    return f


def read(directory, name):
    path = os.path.join(directory, name + ".f64")
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: run our side with a DIRECTORY first (benchmarks/pytorch/compare.sh does).")
    return np.fromfile(path, dtype="<f8")
