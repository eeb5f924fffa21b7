"""Tests of dopri5_batch.py against closed forms: run with `/usr/bin/python3 -m unittest discover -s benchmarks/pytorch`.

The problem is dz/dt = lambda z (a batch of rates), z(t) = z0 exp(lambda t), dz(t)/dlambda = t z(t): exact values for
the solution, the dense output between steps and the autograd gradient."""
import math
import unittest

import torch

from dopri5_batch import SolveFailed, solve

RATES = torch.tensor([[-1.0], [0.5], [2.0]], dtype=torch.float64)


class Dopri5BatchTests(unittest.TestCase):
    def test_solution_matches_exponential_within_tolerance(self):
        # rtol 1e-8 over t in [0, 1]: ~20 steps whose local errors stay below the tolerance; the global error of
        # a non-stiff linear problem is then within a small multiple of it, so 1e-7 relative.
        z0 = torch.ones(3, 1, dtype=torch.float64)
        for outputs in ("interpolate", "clip"):
            ys, _ = solve(lambda t, z: RATES * z, z0, [0.0, 1.0], 1e-8, 1e-10, outputs)
            exact = torch.exp(RATES)
            self.assertLess(float(((ys[-1] - exact) / exact).abs().max()), 1e-7, outputs)

    def test_dense_output_is_fourth_order_accurate_between_steps(self):
        # 50 outputs inside few steps: the continuous extension is of order 4, so at rtol 1e-6 its error is of
        # the order of the tolerance; 1e-5 relative flags a wrong coefficient (errors of 1e-3 and more).
        z0 = torch.ones(3, 1, dtype=torch.float64)
        times = [k / 49 for k in range(50)]
        ys, stats = solve(lambda t, z: RATES * z, z0, times, 1e-6, 1e-8)
        self.assertLess(stats["accepted"], 49)  # outputs really come from interpolation
        exact = torch.exp(RATES.view(1, 3, 1) * torch.tensor(times, dtype=torch.float64).view(-1, 1, 1))
        self.assertLess(float(((ys - exact) / exact).abs().max()), 1e-5)

    def test_autograd_gradient_matches_closed_form(self):
        # d z(1) / d lambda = z0 exp(lambda): naive autograd differentiates the discrete solve (and its step-size
        # controller), which agrees with the exact derivative to the discretisation error, 1e-6 at rtol 1e-9.
        rates = RATES.clone().requires_grad_(True)
        ys, _ = solve(lambda t, z: rates * z, torch.ones(3, 1, dtype=torch.float64), [0.0, 1.0], 1e-9, 1e-11)
        ys[-1].sum().backward()
        exact = torch.exp(RATES)
        self.assertLess(float(((rates.grad - exact) / exact).abs().max()), 1e-6)

    def test_one_step_size_serves_the_batch(self):
        # torchdiffeq's batch semantics: the fast trajectory sets the steps of the slow one.
        z0 = torch.ones(1, 1, dtype=torch.float64)
        _, slow = solve(lambda t, z: -0.1 * z, z0, [0.0, 1.0], 1e-8, 1e-10)
        _, batch = solve(lambda t, z: RATES * z, torch.ones(3, 1, dtype=torch.float64), [0.0, 1.0], 1e-8, 1e-10)
        self.assertGreater(batch["accepted"], slow["accepted"])

    def test_bad_input_is_refused_with_a_reason(self):
        z0 = torch.ones(1, dtype=torch.float64)
        with self.assertRaisesRegex(ValueError, "increasing"):
            solve(lambda t, z: z, z0, [0.0, 0.0], 1e-6, 1e-8)
        with self.assertRaisesRegex(ValueError, "outputs"):
            solve(lambda t, z: z, z0, [0.0, 1.0], 1e-6, 1e-8, outputs="nearest")
        with self.assertRaisesRegex(SolveFailed, "steps"):
            solve(lambda t, z: z, z0, [0.0, 1.0], 1e-6, 1e-8, max_steps=2)
        with self.assertRaisesRegex(SolveFailed, "non-finite"):
            solve(lambda t, z: z * math.inf, z0, [0.0, 1.0], 1e-6, 1e-8)


if __name__ == "__main__":
    unittest.main()
