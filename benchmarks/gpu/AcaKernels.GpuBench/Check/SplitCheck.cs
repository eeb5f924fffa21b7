using AcaKernels.Gpu;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// The multi-device solver's threads on this machine's driver: <see cref="MultiGpuEnsembleSolver{T, TStepper}"/> over
/// two devices opened on the same GPU (two contexts of it, one thread each, as on a machine with two GPUs), Dopri5
/// forward + ACA in float32 at the check's B, against one solver on the first: the same kernels on the same hardware, so
/// every output, ∂L/∂z₀ and the shared ∂L/∂θ (added block by block in one solver's order) must come back with the same
/// bits. What it checks is that each share's copies and launches reach its own context from its own thread (CUDA binds
/// a context per thread); a machine with one GPU cannot time a speedup.
/// </summary>
internal static class SplitCheck
{
    public static bool Run(GpuDevice device, CheckSettings s)
    {
        int B = Math.Max(s.CheckTrajectories, 2048); // at least two blocks of 1024, one per device
        var work = new LorenzEnsemble(B);
        var options = new OdeOptions { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };
        var gpuOptions = new GpuEnsembleOptions { CheckpointCapacity = 4096, KernelForm = s.KernelForm };
        using GpuDevice second = GpuDevice.Open(device.Backend, s.Device);
        float[] one, split;
        using (var solver = new GpuEnsembleSolver<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(B, device, options, gpuOptions))
            one = SolveAndDifferentiate(work, solver.Solve, solver.Gradient);
        string shares;
        using (var solver = new MultiGpuEnsembleSolver<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(B, [device, second], options, gpuOptions))
        {
            split = SolveAndDifferentiate(work, solver.Solve, solver.Gradient);
            shares = string.Join(" + ", solver.Shares.Select(share => share.Trajectories));
        }
        int differing = 0;
        for (int i = 0; i < one.Length; i++)
            if (BitConverter.SingleToInt32Bits(one[i]) != BitConverter.SingleToInt32Bits(split[i])) differing++;
        string what = $"MultiGpuEnsembleSolver over two contexts of this device (B = {B} as {shares}, a thread each) vs one solver";
        Console.WriteLine(differing == 0
            ? $"  split: {what}: same bits  PASS"
            : $"  split: {what}: {differing} of {one.Length} values differ  FAIL");
        return differing == 0;
    }

    private delegate Ensembles.EnsembleResult SolveCall(ReadOnlySpan<float> z0, ReadOnlySpan<float> p, ReadOnlySpan<double> times,
        Span<float> outputs, Span<SolveResult> results);

    private delegate Ensembles.EnsembleResult GradientCall(ReadOnlySpan<float> seeds, Span<float> gradZ0, Span<float> gradP,
        Span<GradientResult> results);

    private static float[] SolveAndDifferentiate(LorenzEnsemble work, SolveCall solve, GradientCall gradient)
    {
        int B = work.B;
        var (outputs, gradZ0, gradTheta) = (new float[2 * 3 * B], new float[3 * B], new float[3]);
        solve(work.ByTrajectory, work.Theta, work.Times, outputs, []).ThrowIfFailed();
        gradient(work.Seeds, gradZ0, gradTheta, []).ThrowIfFailed();
        return [.. outputs, .. gradZ0, .. gradTheta];
    }
}
