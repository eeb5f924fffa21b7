using AcaKernels.Experiments.NeuralOde;
using AcaKernels.Gpu;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// Before the correctness check: the adaptive register kernels (<c>ForwardRegisterKernel</c>/<c>BackwardRegisterKernel</c>,
/// state in registers) run twice on the same inputs — Dopri5 forward + ACA gradient at the check's B, the check's float32
/// Lorenz (straight-line register form, θ in registers) and its neural ODE (loop-form register form, θ in device
/// memory) — and every output, ∂L/∂z₀ and ∂L/∂θ must come back with the same bits. One thread per trajectory, no
/// atomics, the shared-θ sum taken on the host: any difference is a kernel bug (on PoCL it was one, in ILGPU's OpenCL
/// generator: RESULTS.md §4). On a mismatch the rest of the check, timings included, runs the array kernels, and says so.
/// </summary>
internal static class DeterminismCheck
{
    /// <summary>The kernel form the correctness check and the timings should use.</summary>
    public static GpuKernelForm Run(GpuDevice device, CheckSettings s)
    {
        int B = s.CheckTrajectories;
        var options = new OdeOptions { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };
        var lorenz = new LorenzEnsemble(B);
        bool lorenzSame = Twice<Lorenz.RhsSingleOde.Gpu.DormandPrince5>(device, options, "Lorenz",
            new EnsembleInputs<float>(lorenz.ByTrajectory, lorenz.Theta, lorenz.Seeds), lorenz.Times, B);
        bool mlpSame = Twice<NeuralOdeDynamics.RhsSingleOde.Gpu.DormandPrince5>(device, options, "neural ODE", NeuralOdeRows.Inputs(B), NeuralOdeRows.Times, B);
        if (lorenzSame && mlpSame) return GpuKernelForm.Auto;
        Console.WriteLine("  determinism: falling back to the array kernels for the adaptive rows below (correctness and timings)");
        return GpuKernelForm.Arrays;
    }

    /// <summary>Runs one system's register kernels twice (and its array kernels once, for the distance between the
    /// forms) and prints the verdict; whether the two runs gave the same bits (true where there is no register form).</summary>
    private static bool Twice<TStepper>(GpuDevice device, OdeOptions options, string system, EnsembleInputs<float> inputs, double[] times, int B)
        where TStepper : struct, IGpuStepper<float>
    {
        float[] first = SolveAndDifferentiate<TStepper>(device, options, inputs, times, B, GpuKernelForm.Auto, out bool registers);
        if (!registers)
        {
            Console.WriteLine($"  determinism, {system}: skipped (no register form: the array kernels run)");
            return true;
        }
        float[] second = SolveAndDifferentiate<TStepper>(device, options, inputs, times, B, GpuKernelForm.Auto, out _);
        float[] arrays = SolveAndDifferentiate<TStepper>(device, options, inputs, times, B, GpuKernelForm.Arrays, out _);
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
        string what = $"{system}, register kernels run twice (Dopri5 forward + ACA, B = {B}, {first.Length} values)";
        if (differing == 0)
        {
            Console.WriteLine($"  determinism: {what}: same bits  PASS (vs the array kernels: max |diff|/max(1,|x|) = {worstVsArrays:E2})");
            return true;
        }
        Console.WriteLine($"  determinism: {what}: {differing} values differ (largest {largest:E2} relative)  MISMATCH");
        return false;
    }

    /// <summary>z at the output times, ∂L/∂z₀ and ∂L/∂θ of one solve + gradient, flat; whether the register kernels ran.</summary>
    private static float[] SolveAndDifferentiate<TStepper>(GpuDevice device, OdeOptions options, EnsembleInputs<float> inputs, double[] times,
        int B, GpuKernelForm form, out bool registers)
        where TStepper : struct, IGpuStepper<float>
    {
        int n = inputs.StateSize(B), m = inputs.Theta.Length;
        using var solver = new GpuEnsembleSolver<float, TStepper>(B, device, options,
            new GpuEnsembleOptions { CheckpointCapacity = 4096, KernelForm = form });
        registers = solver.UsesRegisterKernels;
        var (outputs, gradZ0, gradTheta) = (new float[times.Length * n * B], new float[n * B], new float[m]);
        solver.Solve(inputs.Z0, inputs.Theta, times, outputs, new SolveResult[B]);
        solver.Gradient(inputs.Seeds, gradZ0, gradTheta, new GradientResult[B]);
        return [.. outputs, .. gradZ0, .. gradTheta];
    }
}
