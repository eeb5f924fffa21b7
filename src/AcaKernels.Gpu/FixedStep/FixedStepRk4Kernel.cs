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
/// arithmetic per step is k₁ = f(t, z), k₂ = f(t + h/2, z + (h/2)k₁), k₃ = f(t + h/2, z + (h/2)k₂),
/// k₄ = f(t + h, z + h·k₃), z ← z + (h/6)·(k₁ + 2k₂ + 2k₃ + k₄), in that order, each operation rounded to T (on the
/// CPU accelerator bit for bit what plain C# in that order gives; OpenCL and CUDA may contract multiply-adds).</para>
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
        for (int j = 0; j < n; j++) z[j] = z0[j * B + b];
        for (int j = 0; j < m; j++) theta[j] = s.SharedParameters != 0 ? p[j] : p[j * B + b];

        double h = s.Step;
        T half = TReal.FromDouble(0.5 * h), whole = TReal.FromDouble(h), sixth = TReal.FromDouble(s.SixthStep);
        T two = TReal.FromDouble(2.0);
        for (int i = 0; i < s.Steps; i++)
        {
            double t = s.T0 + i * h;
            TStepper.Evaluate(t, z, theta, k1);
            for (int j = 0; j < n; j++) arg[j] = TReal.Add(z[j], TReal.Multiply(half, k1[j]));
            TStepper.Evaluate(t + 0.5 * h, arg, theta, k2);
            for (int j = 0; j < n; j++) arg[j] = TReal.Add(z[j], TReal.Multiply(half, k2[j]));
            TStepper.Evaluate(t + 0.5 * h, arg, theta, k3);
            for (int j = 0; j < n; j++) arg[j] = TReal.Add(z[j], TReal.Multiply(whole, k3[j]));
            TStepper.Evaluate(t + h, arg, theta, k4);
            for (int j = 0; j < n; j++)
            {
                T sum = TReal.Add(TReal.Add(TReal.Add(k1[j], TReal.Multiply(two, k2[j])), TReal.Multiply(two, k3[j])), k4[j]);
                z[j] = TReal.Add(z[j], TReal.Multiply(sixth, sum));
            }
        }

        int code = (int)OdeStatus.Success;
        for (int j = 0; j < n; j++)
        {
            finals[j * B + b] = z[j];
            if (!TReal.IsFinite(z[j])) code = (int)OdeStatus.NonFiniteState;
        }
        status[b] = code;
    }
}
