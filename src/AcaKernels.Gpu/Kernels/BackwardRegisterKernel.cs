using AcaKernels.Gradients;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// <see cref="BackwardKernel"/> with the adjoint, the replayed state and the trajectory's ∂L/∂θ row held in registers
/// between steps: the same sweep, the same generated step VJPs over views, the same operations in the same order (so
/// the same bits on ILGPU's CPU accelerator), the same arguments and layouts.
/// </summary>
/// <remarks>
/// <para>Why it differs from the view kernel: ILGPU keeps a per-thread array (<see cref="LocalMemory"/>) out of PTX local
/// memory only when every access has a constant index once the kernel is inlined. The view kernel indexes its arrays
/// in loops over the components and swaps the adjoint's two halves by a run-time offset, so they stay in local memory.
/// Here each array has one role and is read and written only through the register vectors' unrolled
/// <see cref="IGpuRegisterVector{T, TSelf}.Load"/>/<see cref="IGpuRegisterVector{T, TSelf}.Store"/> (indices 0…n−1)
/// and through the step VJPs, whose indices are constants too (straight-line ones; and the loop form's of a small state,
/// whose component loops the generator writes out and whose stage arrays are arrays of their own, not slices).</para>
/// <para>∂L/∂θ is accumulated in such an array and written to the trajectory's row once at the end, where the view
/// kernel adds into the global row at every step (the same sums in the same order). A loop-form system's f indexes it
/// in loops, so there it stays in local memory: the one per-thread array such a backward keeps off-chip.</para>
/// </remarks>
internal static class BackwardRegisterKernel
{
    public static void Run<T, TStepper, TReal, TState, TParameters>(Index1D index, GpuKernelSettings s, ArrayView<T> p, ArrayView<int> rows,
        ArrayView<T> checkpointStates, ArrayView<double> checkpointSteps, ArrayView<int> outputSteps, ArrayView<int> status,
        ArrayView<T> seeds, ArrayView<T> gradZ0, ArrayView<T> gradPRows, ArrayView<double> gradTimes)
        where T : unmanaged
        where TStepper : struct, IGpuRegisterTrialStepper<T, TState, TParameters>
        where TReal : struct, IGpuReal<T>
        where TState : struct, IGpuRegisterVector<T, TState>
        where TParameters : struct, IGpuParameters<T, TParameters>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        long statusAt = (long)b * TrajectoryStatus.IntCount;
        if (status[statusAt + TrajectoryStatus.Status] != (int)OdeStatus.Success) return;
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        ArrayView<T> z = LocalMemory.Allocate<T>(TStepper.StateSize);
        ArrayView<T> adjointOut = LocalMemory.Allocate<T>(TStepper.StateSize);
        ArrayView<T> adjointIn = LocalMemory.Allocate<T>(TStepper.StateSize);
        ArrayView<T> gradP = LocalMemory.Allocate<T>(TStepper.ParameterSize > 0 ? TStepper.ParameterSize : 1);
        ArrayView<T> scratch = LocalMemory.Allocate<T>(TStepper.VjpScratchSize > 0 ? TStepper.VjpScratchSize : 1);
        ArrayView<T> theta = p.SubView(s.SharedParameters != 0 ? 0 : (long)b * m, m);
        TParameters.Clear(gradP, m); // +0 in every component, as the view kernel's FromDouble(0.0)

        int steps = status[statusAt + TrajectoryStatus.Accepted];
        int row0 = rows[b], count = rows[b + 1] - row0;
        TState adjoint = TState.Load(seeds, (long)(row0 + count - 1) * n, 1);
        int k = count - 2;
        long B = s.Trajectories;
        int last = steps - 1, firstLeg = outputSteps[row0 + 1]; // S₁: the steps up to the first interior output time
        double gradT0 = 0, gradTEnd = 0;
        for (int i = last; i >= 0; i--)
        {
            TState.Store(TState.Load(checkpointStates, (long)i * n * B + b, B), z, 0, 1);
            double t = checkpointSteps[(2L * i) * B + b], h = checkpointSteps[(2L * i + 1) * B + b];
            TState.Store(adjoint, adjointOut, 0, 1);
            if (AcaTimeTerms.Needed(i, last, firstLeg, TStepper.DependsOnTime))
            {
                TStepper.StepVjpWithTime(t, h, z, theta, adjointOut, adjointIn, gradP, scratch, out T gradH, out T gradT);
                AcaTimeTerms.Accumulate(i, last, firstLeg, TReal.ToDouble(gradH), TReal.ToDouble(gradT), ref gradT0, ref gradTEnd);
            }
            else
            {
                TStepper.StepVjp(t, h, z, theta, adjointOut, adjointIn, gradP, scratch);
            }
            adjoint = TState.Load(adjointIn, 0, 1);
            while (k >= 0 && outputSteps[row0 + k] == i)
            {
                adjoint = TState.Add(adjoint, TState.Load(seeds, (long)(row0 + k) * n, 1));
                k--;
            }
        }
        TState.Store(adjoint, gradZ0, (long)b * n, 1);
        TParameters.Copy(gradP, gradPRows, (long)b * m, m);
        gradTimes[2L * b] = gradT0;
        gradTimes[2L * b + 1] = gradTEnd;
    }
}
