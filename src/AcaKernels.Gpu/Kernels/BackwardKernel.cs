using AcaKernels.Gradients;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The ACA backward kernel: one thread per trajectory sweeps its accepted steps from the last checkpoint to the
/// first, replays each step and pulls the adjoint back through all its stages (<see cref="IGpuStepper{T}.StepVjp"/>),
/// adding the seed ∂L/∂z(t_k) when the sweep reaches output time t_k, as <c>AcaKernels.Gradients.AcaBackward</c>.
/// Writes ∂L/∂z₀ and the trajectory's own row of ∂L/∂θ, accumulated in local memory (when θ is shared, ParameterGradientBlocksKernel and the host
/// sum the rows in a fixed order, so the sum does not depend on thread scheduling).
/// </summary>
/// <remarks>Trajectories whose forward solve failed are skipped (the host marks their rows). The time gradients
/// ∂L/∂t₀ and ∂L/∂t_end are those of the CPU engine's ACA (see <c>AcaBackward</c> and <c>GradientResult</c>): the
/// steps that need time terms (the last one, the one landing on the first interior output time T₁, and every step
/// before T₁ when f reads t) take <see cref="IGpuStepper{T}.StepVjpWithTime"/>, the others the plain step VJP;
/// ∂L/∂t₀ = Σ_{i&lt;S₁} gᵢ − ∂L/∂h_{S₁−1} and ∂L/∂t_end = ∂L/∂h_{N−1}, summed in double in the CPU engine's order.</remarks>
internal static class BackwardKernel
{
    public static void Run<T, TStepper, TReal>(Index1D index, GpuKernelSettings s, ArrayView<T> p, ArrayView<int> rows,
        ArrayView<T> checkpointStates, ArrayView<double> checkpointSteps, ArrayView<int> outputSteps, ArrayView<int> status,
        ArrayView<T> seeds, ArrayView<T> gradZ0, ArrayView<T> gradPRows, ArrayView<double> gradTimes)
        where T : unmanaged where TStepper : struct, IGpuStepper<T> where TReal : struct, IGpuReal<T>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        long statusAt = (long)b * TrajectoryStatus.IntCount;
        if (status[statusAt + TrajectoryStatus.Status] != (int)OdeStatus.Success) return;
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        // The adjoint and its pull-back are the two halves of one block, swapped by offset (see ForwardKernel).
        ArrayView<T> adjoints = LocalMemory.Allocate<T>(2 * TStepper.StateSize);
        int current = 0;
        ArrayView<T> z = LocalMemory.Allocate<T>(TStepper.StateSize);
        ArrayView<T> scratch = LocalMemory.Allocate<T>(TStepper.VjpScratchSize > 0 ? TStepper.VjpScratchSize : 1);
        ArrayView<T> theta = p.SubView(s.SharedParameters != 0 ? 0 : (long)b * m, m);
        // ∂L/∂θ accumulates in the thread's local memory and goes to its row of gradPRows once, at the end. The step VJPs
        // add into every parameter at every stage; in the rows' layout [trajectory][parameter] neighbouring threads are
        // m values apart, so each of those read-modify-writes was a memory transaction of its own (local memory is
        // interleaved across threads: the same accesses coalesce). On an H200 the tanh-MLP's (m = 162) forward + ACA took
        // 13.5× its forward that way (RESULTS §59); Lorenz (m = 3, rows 12 bytes apart) 2.0×.
        ArrayView<T> gradP = LocalMemory.Allocate<T>(TStepper.ParameterSize > 0 ? TStepper.ParameterSize : 1);
        T zero = TReal.FromDouble(0.0);
        for (int j = 0; j < m; j++) gradP[j] = zero;

        int steps = status[statusAt + TrajectoryStatus.Accepted];
        int row0 = rows[b], count = rows[b + 1] - row0;
        for (int j = 0; j < n; j++) adjoints[j] = seeds[(long)(row0 + count - 1) * n + j];
        int k = count - 2;
        long B = s.Trajectories;
        int last = steps - 1, firstLeg = outputSteps[row0 + 1]; // S₁: the steps up to the first interior output time
        double gradT0 = 0, gradTEnd = 0;
        for (int i = last; i >= 0; i--)
        {
            for (int j = 0; j < n; j++) z[j] = checkpointStates[((long)i * n + j) * B + b];
            double t = checkpointSteps[(2L * i) * B + b], h = checkpointSteps[(2L * i + 1) * B + b];
            ArrayView<T> adjointOut = adjoints.SubView(current, n), adjointIn = adjoints.SubView(n - current, n);
            if (AcaTimeTerms.Needed(i, last, firstLeg, TStepper.DependsOnTime))
            {
                TStepper.StepVjpWithTime(t, h, z, theta, adjointOut, adjointIn, gradP, scratch, out T gradH, out T gradT);
                AcaTimeTerms.Accumulate(i, last, firstLeg, TReal.ToDouble(gradH), TReal.ToDouble(gradT), ref gradT0, ref gradTEnd);
            }
            else
            {
                TStepper.StepVjp(t, h, z, theta, adjointOut, adjointIn, gradP, scratch);
            }
            current = n - current;
            while (k >= 0 && outputSteps[row0 + k] == i)
            {
                for (int j = 0; j < n; j++) adjoints[current + j] = TReal.Add(adjoints[current + j], seeds[(long)(row0 + k) * n + j]);
                k--;
            }
        }
        for (int j = 0; j < n; j++) gradZ0[(long)b * n + j] = adjoints[current + j];
        for (int j = 0; j < m; j++) gradPRows[(long)b * m + j] = gradP[j];
        gradTimes[2L * b] = gradT0;
        gradTimes[2L * b + 1] = gradTEnd;
    }
}
