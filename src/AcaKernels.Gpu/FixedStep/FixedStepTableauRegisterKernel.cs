using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// <see cref="FixedStepTableauKernel"/> over the stepper's register trial step
/// (<see cref="IGpuRegisterTrialStepper{T, TState, TParameters}"/>): z, k₀, θ and every stage in registers, no per-thread
/// array, so no PTX local memory. The same operations in the same order (the same bits on ILGPU's CPU accelerator),
/// the same [component][trajectory] layout and statuses. The error estimates the trial step returns are not read, so
/// the compiler drops their arithmetic.
/// </summary>
internal static class FixedStepTableauRegisterKernel
{
    public static void Run<T, TStepper, TReal, TState, TParameters>(Index1D index, FixedStepSettings s, ArrayView<T> z0,
        ArrayView<T> p, ArrayView<T> finals, ArrayView<int> status)
        where T : unmanaged
        where TStepper : struct, IGpuRegisterTrialStepper<T, TState, TParameters>
        where TReal : struct, IGpuReal<T>
        where TState : struct, IGpuRegisterVector<T, TState>
        where TParameters : struct, IGpuRegisterVector<T, TParameters>, IGpuParameters<T, TParameters>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        long B = s.Trajectories;
        TState z = TState.Load(z0, b, B);
        TParameters theta = FixedStepTrajectory.Parameters<T, TParameters>(s, b, B, p);

        double h = s.Step;
        TState k0 = TStepper.Evaluate(s.T0, z, theta);
        for (int i = 0; i < s.Steps; i++)
        {
            double t = s.T0 + i * h;
            z = TStepper.TrialStep(t, h, z, theta, k0, out TState last, out _, out _);
            k0 = TStepper.IsFsal ? last : TStepper.Evaluate(s.T0 + (i + 1) * h, z, theta);
        }

        FixedStepTrajectory.Finish<T, TState>(b, B, z, finals, status);
    }
}
