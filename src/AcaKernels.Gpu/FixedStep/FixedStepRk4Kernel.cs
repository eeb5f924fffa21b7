using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// The classical fourth-order Runge-Kutta method with a constant step, written once over a generated system's
/// right-hand side (<see cref="IGpuStepper{T}.Evaluate"/>; the stepper's tableau is not used): one thread per
/// trajectory runs all its steps in registers and writes only its final state.
/// </summary>
/// <remarks>
/// <para>The workload of DiffEqGPU's and MPGOS's published ensemble benchmarks (Lorenz, 1000 fixed steps, float32):
/// no controller, no checkpoints, no outputs in between, so the kernel's cost is f's arithmetic and one read of z₀
/// and θ and one write of z per trajectory. Those are laid out [component][trajectory] (z₀, θ when per trajectory,
/// the final states): neighbouring threads touch neighbouring addresses, so each load and store is coalesced on a GPU.</para>
/// <para>Step i starts at t₀ + i·h (computed in float64, not accumulated, so 1000 steps carry no drift in t). The
/// weighted sums follow the one spec every engine follows ("Arithmetic of the weighted sums" on
/// <c>ButcherTableau</c>, over <c>ClassicRk4</c>'s tableau): k₁ = f(t, z), k₂ = f(t + h/2, fma(h, ½·k₁, z)),
/// k₃ = f(t + h/2, fma(h, ½·k₂, z)), k₄ = f(t + h, fma(h, k₃, z)) (the weight 1's product is exact and not written),
/// S = ⅙·k₁, S = fma(⅓, k₂, S), S = fma(⅓, k₃, S), S = fma(⅙, k₄, S), z ← fma(h, S, z); the weights are the tableau's
/// doubles rounded to T, the fused multiply-adds explicit (<see cref="GpuMath.Fma(double, double, double)"/>). So on
/// ILGPU's CPU accelerator the bits are the CPU engine's (<c>OdeOptions.FixedStep</c> with RK4).</para>
/// <para>A trajectory whose final state is not finite (a NaN or infinite z₀ or θ, or a blow-up) gets
/// <see cref="OdeStatus.NonFiniteState"/> alone; the others are unaffected. The state is checked once at the end, not
/// every step: NaN and ±∞ persist through the stages, so the end sees them, and the step loop stays branch-free.</para>
/// </remarks>
internal static class FixedStepRk4Kernel
{
    public static void Run<T, TStepper, TReal>(Index1D index, FixedStepSettings s, ArrayView<T> z0, ArrayView<T> p,
        ArrayView<T> finals, ArrayView<int> status)
        where T : unmanaged where TStepper : struct, IGpuStepper<T> where TReal : struct, IGpuReal<T>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        long B = s.Trajectories;
        // One block of per-thread memory: z, the stage argument, k1..k4, then θ (copied so f reads it contiguously).
        ArrayView<T> block = LocalMemory.Allocate<T>(6 * TStepper.StateSize + TStepper.ParameterSize);
        ArrayView<T> z = block.SubView(0, n), arg = block.SubView(n, n);
        ArrayView<T> k1 = block.SubView(2 * n, n), k2 = block.SubView(3 * n, n), k3 = block.SubView(4 * n, n), k4 = block.SubView(5 * n, n);
        ArrayView<T> theta = block.SubView(6 * n, m);
        FixedStepTrajectory.Load<T, TStepper>(s, b, B, z0, p, z, theta);

        double h = s.Step;
        T step = TReal.FromDouble(h), half = TReal.FromDouble(0.5), third = TReal.FromDouble(1.0 / 3), sixth = TReal.FromDouble(1.0 / 6);
        for (int i = 0; i < s.Steps; i++)
        {
            double t = s.T0 + i * h;
            TStepper.Evaluate(t, z, theta, k1);
            for (int j = 0; j < n; j++) arg[j] = TReal.Fma(step, TReal.Multiply(half, k1[j]), z[j]);
            TStepper.Evaluate(t + 0.5 * h, arg, theta, k2);
            for (int j = 0; j < n; j++) arg[j] = TReal.Fma(step, TReal.Multiply(half, k2[j]), z[j]);
            TStepper.Evaluate(t + 0.5 * h, arg, theta, k3);
            for (int j = 0; j < n; j++) arg[j] = TReal.Fma(step, k3[j], z[j]);
            TStepper.Evaluate(t + h, arg, theta, k4);
            for (int j = 0; j < n; j++)
            {
                T sum = TReal.Fma(sixth, k4[j], TReal.Fma(third, k3[j], TReal.Fma(third, k2[j], TReal.Multiply(sixth, k1[j]))));
                z[j] = TReal.Fma(step, sum, z[j]);
            }
        }

        FixedStepTrajectory.Finish<T, TStepper, TReal>(b, B, z, finals, status);
    }
}
