using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// <see cref="FixedStepRk4Kernel"/> with the state, the stages and θ in registers: written over the generated system's
/// register form (<see cref="IGpuRegisterStepper{T, TState, TParameters}"/>: structs with one field per component,
/// passed by value), so the kernel indexes no per-thread array and its PTX has no local memory. The same operations in
/// the same order, so the same bits on ILGPU's CPU accelerator; the same [component][trajectory] layout and statuses.
/// </summary>
/// <remarks>
/// Why: per-thread arrays (<see cref="LocalMemory"/>) are PTX <c>.local</c> memory, off-chip; RK4 over them moves
/// every stage through it, about 15 loads and stores per component per step, which bounds the kernel by memory
/// traffic instead of by f's arithmetic (issue 9's goal: 8 388 608 Lorenz trajectories × 1000 steps in ≤ 25 ms).
/// GpuFixedStepSolver runs this kernel whenever the stepper has the register form (small systems), the view kernel
/// otherwise.
/// </remarks>
internal static class FixedStepRk4RegisterKernel
{
    public static void Run<T, TStepper, TReal, TState, TParameters>(Index1D index, FixedStepSettings s, ArrayView<T> z0,
        ArrayView<T> p, ArrayView<T> finals, ArrayView<int> status)
        where T : unmanaged
        where TStepper : struct, IGpuRegisterStepper<T, TState, TParameters>
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
        T step = TReal.FromDouble(h), half = TReal.FromDouble(0.5), third = TReal.FromDouble(1.0 / 3), sixth = TReal.FromDouble(1.0 / 6);
        for (int i = 0; i < s.Steps; i++)
        {
            double t = s.T0 + i * h;
            // The view kernel's operations (the step-sum spec): stage inputs fma(h, a·k, z), the weight 1's product
            // left out (exact), S = ⅙k₁ then fma(b_l, k_l, S), z ← fma(h, S, z).
            TState k1 = TStepper.Evaluate(t, z, theta);
            TState k2 = TStepper.Evaluate(t + 0.5 * h, TState.MultiplyAdd(step, TState.Scale(half, k1), z), theta);
            TState k3 = TStepper.Evaluate(t + 0.5 * h, TState.MultiplyAdd(step, TState.Scale(half, k2), z), theta);
            TState k4 = TStepper.Evaluate(t + h, TState.MultiplyAdd(step, k3, z), theta);
            TState sum = TState.MultiplyAdd(sixth, k4, TState.MultiplyAdd(third, k3, TState.MultiplyAdd(third, k2, TState.Scale(sixth, k1))));
            z = TState.MultiplyAdd(step, sum, z);
        }

        FixedStepTrajectory.Finish<T, TState>(b, B, z, finals, status);
    }
}
