"""Tests of rk_batch.py and classify_model.py: run with `/usr/bin/python3 -m unittest discover -s benchmarks/pytorch`.

The solver's problem is dz/dt = lambda z (a batch of rates) on [0, 1], z(1) = z0 exp(lambda), dz(1)/dlambda = exp(lambda)
for z0 = 1: exact values for the solution and the autograd gradient."""
import math
import unittest

import torch

import classify_model
import rk_batch

RATES = torch.tensor([[-1.0], [0.5], [2.0]], dtype=torch.float64)


class RkBatchTests(unittest.TestCase):
    def test_each_tableau_is_consistent(self):
        # Row sums of A equal c, sum b = 1 and the error weights sum to 0 (both embedded solutions are consistent).
        for name, tab in rk_batch.TABLEAUS.items():
            for ci, row in zip(tab.c, tab.a):
                self.assertAlmostEqual(sum(row), ci, places=14, msg=name)
            self.assertAlmostEqual(sum(tab.b), 1.0, places=14, msg=name)
            self.assertAlmostEqual(sum(tab.e), 0.0, places=14, msg=name)
        self.assertFalse(rk_batch.TABLEAUS["rk12"].fsal)
        self.assertTrue(rk_batch.TABLEAUS["bs3"].fsal and rk_batch.TABLEAUS["dopri5"].fsal)

    def test_solution_matches_exponential_to_the_order_of_the_tolerance(self):
        # Global error of a non-stiff linear problem over [0, 1] stays within a small multiple of the tolerance
        # (local errors of at most one tolerance unit each, ~tens of steps, no amplification beyond e^2): 10 x rtol.
        z0 = torch.ones(3, 1, dtype=torch.float64)
        exact = torch.exp(RATES)
        for name, rtol in (("rk12", 1e-4), ("bs3", 1e-6), ("dopri5", 1e-8)):
            z1, stats = rk_batch.solve(lambda t, z: RATES * z, z0, rk_batch.TABLEAUS[name], rtol, rtol)
            self.assertLess(float(((z1 - exact) / exact).abs().max()), 10 * rtol, name)
            self.assertGreater(stats["accepted"], 1, name)

    def test_autograd_gradient_matches_closed_form(self):
        # Naive autograd differentiates the discrete solve (its controller too); it agrees with exp(lambda) to the
        # discretisation error, ~10 x rtol as above.
        rates = RATES.clone().requires_grad_(True)
        z1, _ = rk_batch.solve(lambda t, z: rates * z, torch.ones(3, 1, dtype=torch.float64), rk_batch.TABLEAUS["bs3"], 1e-7, 1e-7)
        z1.sum().backward()
        exact = torch.exp(RATES)
        self.assertLess(float(((rates.grad - exact) / exact).abs().max()), 1e-6)

    def test_one_step_size_serves_the_batch(self):
        # torchdiffeq's batch semantics: the fast trajectory sets the steps of the slow one.
        tab = rk_batch.TABLEAUS["rk12"]
        _, slow = rk_batch.solve(lambda t, z: -0.1 * z, torch.ones(1, 1, dtype=torch.float64), tab, 1e-4, 1e-4)
        _, batch = rk_batch.solve(lambda t, z: RATES * z, torch.ones(3, 1, dtype=torch.float64), tab, 1e-4, 1e-4)
        self.assertGreater(batch["accepted"], slow["accepted"])

    def test_euler_is_k_residual_steps(self):
        z1, stats = rk_batch.euler(lambda t, z: RATES * z, torch.ones(3, 1, dtype=torch.float64), 4)
        self.assertTrue(torch.equal(z1, (1 + RATES / 4) ** 4))
        self.assertEqual(stats["evaluations"], 4)

    def test_failures_are_reported_with_a_reason(self):
        tab = rk_batch.TABLEAUS["rk12"]
        z0 = torch.ones(1, dtype=torch.float64)
        with self.assertRaisesRegex(rk_batch.SolveFailed, "steps"):
            rk_batch.solve(lambda t, z: 50 * z, z0, tab, 1e-8, 1e-8, max_steps=3)
        with self.assertRaisesRegex(rk_batch.SolveFailed, "non-finite"):
            rk_batch.solve(lambda t, z: z * math.inf, z0, tab, 1e-6, 1e-8)


class ClassifyModelTests(unittest.TestCase):
    def test_flat_parameters_follow_our_layout(self):
        # ConvOdeNetwork's layout: down1 (8x1x3x3, 8), down2 (8x8x3x3, 8), block W1, b1, W2, b2, head (10x392, 10):
        # 80 + 584 + 1168 + 3930 = 5762 values; the block's b2 sits at 80 + 584 + 576 + 8 + 576.
        net = classify_model.Network(("resnet", 4))
        theta = torch.arange(5762, dtype=torch.float64)
        net.load_flat(theta)
        self.assertEqual(float(net.conv2.bias[0]), 80 + 584 + 576 + 8 + 576)
        self.assertEqual(float(net.head.weight[1, 0]), 80 + 584 + 1168 + 392)
        self.assertEqual(float(net.down2.weight[0, 1, 2, 0]), 80 + 9 + 6)

    def test_loader_reads_the_real_files(self):
        # The first training image of Fashion-MNIST is an ankle boot (label 9); pixels standardised from [0, 1].
        x, y = classify_model.load("train", 2)
        self.assertEqual(tuple(x.shape), (2, 1, 28, 28))
        self.assertEqual(int(y[0]), 9)
        low = (0 - classify_model.PIXEL_MEAN) / classify_model.PIXEL_STD
        high = (1 - classify_model.PIXEL_MEAN) / classify_model.PIXEL_STD
        self.assertGreaterEqual(float(x.min()), low - 1e-12)
        self.assertLessEqual(float(x.max()), high + 1e-12)


if __name__ == "__main__":
    unittest.main()
