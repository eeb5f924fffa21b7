using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// A constant-step solve with the stepper's own tableau through its generated fused trial step
/// (<see cref="IGpuStepper{T}.TrialStep"/>; the error estimate is computed and ignored): one thread per trajectory,
/// only the final state written, [component][trajectory] layout as <see cref="FixedStepRk4Kernel"/>.
/// </summary>
/// <remarks>
/// <para>Why beside the RK4 kernel: the fused trial step keeps its stages in locals (registers) and touches per-thread
/// memory only at its boundary (z, θ, k₀ in; the stages, z_new and the error out), where RK4 written over
/// <see cref="IGpuStepper{T}.Evaluate"/> passes every stage through per-thread arrays. ILGPU places those arrays
/// in local memory on PTX (it does not promote them to registers; whether ptxas does is what check.sh's
/// <c>ptxas -v</c> shows), so per evaluation this kernel moves about a third of RK4's per-thread traffic.</para>
/// <para>Step i runs from t₀ + i·h (float64, not accumulated). With a first-same-as-last tableau (Tsit5, Dopri5) the
/// last stage is the next step's k₀; otherwise f is evaluated at the new point. Statuses as the RK4 kernel's.</para>
/// </remarks>
internal static class FixedStepTableauKernel
{
    public static void Run<T, TStepper, TReal>(Index1D index, FixedStepSettings s, ArrayView<T> z0, ArrayView<T> p,
        ArrayView<T> finals, ArrayView<int> status)
        where T : unmanaged where TStepper : struct, IGpuStepper<T> where TReal : struct, IGpuReal<T>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        int n = TStepper.StateSize, m = TStepper.ParameterSize, stageCount = TStepper.Stages;
        long B = s.Trajectories;
        // z and zNew are the two halves of one block, swapped by offset (two swapped views would merge into a generic
        // pointer, which OpenCL C 1.2 cannot express); then the error estimates and θ.
        ArrayView<T> block = LocalMemory.Allocate<T>(4 * TStepper.StateSize + TStepper.ParameterSize);
        ArrayView<T> error = block.SubView(2 * n, n), error2 = block.SubView(3 * n, n), theta = block.SubView(4 * n, m);
        ArrayView<T> stages = LocalMemory.Allocate<T>(TStepper.Stages * TStepper.StateSize);
        ArrayView<T> k0 = stages.SubView(0, n);
        int current = 0;
        FixedStepTrajectory.Load<T, TStepper>(s, b, B, z0, p, block.SubView(0, n), theta);

        double h = s.Step;
        TStepper.Evaluate(s.T0, block.SubView(0, n), theta, k0);
        for (int i = 0; i < s.Steps; i++)
        {
            double t = s.T0 + i * h;
            ArrayView<T> z = block.SubView(current, n), zNew = block.SubView(n - current, n);
            TStepper.TrialStep(t, h, z, theta, stages, zNew, error, error2);
            current = n - current;
            if (TStepper.IsFsal)
            {
                for (int j = 0; j < n; j++) k0[j] = stages[(stageCount - 1) * n + j];
            }
            else
            {
                TStepper.Evaluate(s.T0 + (i + 1) * h, block.SubView(current, n), theta, k0);
            }
        }

        FixedStepTrajectory.Finish<T, TStepper, TReal>(b, B, block.SubView(current, n), finals, status);
    }
}
