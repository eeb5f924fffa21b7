using AcaKernels.Gpu;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// Before the correctness check: the adaptive register kernels (<c>ForwardRegisterKernel</c>/<c>BackwardRegisterKernel</c>,
/// state in registers) run twice on the same inputs — Dopri5 forward + ACA gradient, the check's float32 Lorenz at the
/// check's B — and every output, ∂L/∂z₀ and ∂L/∂θ must come back with the same bits. One thread per trajectory, no
/// atomics, the shared-θ sum taken on the host: any difference is a kernel bug (on PoCL it was one, in ILGPU's OpenCL
/// generator: RESULTS.md §4). On a mismatch the rest of the check, timings included, runs the array kernels, and says so.
/// </summary>
internal static class DeterminismCheck
{
    /// <summary>The kernel form the correctness check and the timings should use.</summary>
    public static GpuKernelForm Run(GpuDevice device, CheckSettings s)
    {
        int B = s.CheckTrajectories;
        var work = new LorenzEnsemble(B);
        var options = new OdeOptions { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };
        float[] first = SolveAndDifferentiate(device, work, options, GpuKernelForm.Auto, out bool registers);
        if (!registers)
        {
            Console.WriteLine("  determinism: skipped (this stepper has no register form: the array kernels run)");
            return GpuKernelForm.Arrays;
        }
        float[] second = SolveAndDifferentiate(device, work, options, GpuKernelForm.Auto, out _);
        float[] arrays = SolveAndDifferentiate(device, work, options, GpuKernelForm.Arrays, out _);
        int differing = 0;
        double largest = 0, worstVsArrays = 0;
        for (int i = 0; i < first.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(first[i]) != BitConverter.SingleToInt32Bits(second[i]))
            {
                differing++;
                largest = Math.Max(largest, Math.Abs((double)first[i] - second[i]) / Math.Max(1, Math.Abs((double)first[i])));
            }
            worstVsArrays = Math.Max(worstVsArrays, Math.Abs((double)first[i] - arrays[i]) / Math.Max(1, Math.Abs((double)arrays[i])));
        }
        string what = $"register kernels run twice (Dopri5 forward + ACA, B = {B}, {first.Length} values)";
        if (differing == 0)
        {
            Console.WriteLine($"  determinism: {what}: same bits  PASS (vs the array kernels: max |diff|/max(1,|x|) = {worstVsArrays:E2})");
            return GpuKernelForm.Auto;
        }
        Console.WriteLine($"  determinism: {what}: {differing} values differ (largest {largest:E2} relative)  MISMATCH");
        Console.WriteLine("  determinism: falling back to the array kernels for the adaptive rows below (correctness and timings)");
        return GpuKernelForm.Arrays;
    }

    /// <summary>z(1), ∂L/∂z₀ and ∂L/∂θ of one solve + gradient, flat; whether the register kernels ran.</summary>
    private static float[] SolveAndDifferentiate(GpuDevice device, LorenzEnsemble work, OdeOptions options, GpuKernelForm form, out bool registers)
    {
        int B = work.B;
        using var solver = new GpuEnsembleSolver<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(B, device, options,
            new GpuEnsembleOptions { CheckpointCapacity = 4096, KernelForm = form });
        registers = solver.UsesRegisterKernels;
        var (outputs, gradZ0, gradTheta) = (new float[2 * 3 * B], new float[3 * B], new float[3]);
        solver.Solve(work.ByTrajectory, work.Theta, work.Times, outputs, new SolveResult[B]);
        solver.Gradient(work.Seeds, gradZ0, gradTheta, new GradientResult[B]);
        return [.. outputs, .. gradZ0, .. gradTheta];
    }
}
