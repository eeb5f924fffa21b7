"""The PyTorch process of benchmarks/pytorch/startup.sh: import torch, one Lorenz-63 solve (z0 = (1, 1, 1),
theta = (10, 28, 8/3), t in [0, 1], Dopri5 rtol 1e-6 atol 1e-8, float64) and the naive-autograd gradient of
L = sum z(1) w.r.t. theta; prints the line benchmarks/AcaKernels.Startup prints for the same problem."""
import torch

import problems
from dopri5_batch import solve

theta = torch.tensor([10.0, 28.0, 8.0 / 3.0], dtype=torch.float64, requires_grad=True)
z0 = torch.ones(1, 3, dtype=torch.float64)
ys, _ = solve(problems.lorenz_rhs(theta), z0, [0.0, 1.0], 1e-6, 1e-8)
ys[-1].sum().backward()
z1, g = ys[-1][0].tolist(), theta.grad.tolist()
print(f"z(1) = ({z1[0]:.6f}, {z1[1]:.6f}, {z1[2]:.6f}); dL/dtheta = ({g[0]:.6f}, {g[1]:.6f}, {g[2]:.6f})")
