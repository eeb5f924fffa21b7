using System.Globalization;
using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Tableaus;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--ensemble-cpu-time [trajectories] [repetitions]`: the Lorenz ensemble of <see cref="EnsembleSetup"/> (Dopri5,
/// rtol 1e-6, atol 1e-8, one worker) timed by **process CPU time** (<see cref="Environment.CpuUsage"/>), for A/B runs
/// on a loaded machine where wall clocks measure the load (RESULTS.md §U, §K). Per repetition it times, back to back,
/// the forward solve, the forward + ACA gradient, the generated lane trial-step kernel alone (two lane groups per
/// iteration, z ← zNew, as many lane-steps as the solve accepts) and the same two groups by the two-group kernel
/// (TryLaneTrialStepPair, one call per iteration): forward / kernel is the engine's cost in units of its own kernel,
/// a ratio the load inflates on both sides alike. Prints medians and minima over the repetitions in
/// ns per accepted trajectory-step, and the solve's step counts and sums so two builds can be checked to agree.
/// </summary>
internal static class EnsembleCpuTime
{
    public static void Run(ReadOnlySpan<string> args)
    {
        int trajectories = 16_384, repetitions = 9;
        if (args.Length > 2 || (args.Length > 0 && !TryPositive(args[0], out trajectories))
            || (args.Length > 1 && !TryPositive(args[1], out repetitions)))
        {
            Console.Error.WriteLine("--ensemble-cpu-time takes up to two positive integers: trajectories (default 16384) and repetitions (default 9).");
            Environment.Exit(2);
        }
        using var forward = new EnsembleSetup(EnsembleSystem.Lorenz, trajectories, workers: 1, gradient: false);
        using var gradient = new EnsembleSetup(EnsembleSystem.Lorenz, trajectories, workers: 1, gradient: true);
        EnsembleResult result = gradient.ForwardAndGradient();
        result.ThrowIfFailed();
        double sumZ = 0, sumGrad = 0;
        for (int b = 0; b < trajectories; b++)
        {
            sumZ += gradient.Outputs[(2 * b + 1) * 3];
            sumGrad += gradient.GradZ0[3 * b];
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trajectories} trajectories: {result.AcceptedSteps} accepted, {result.RejectedSteps} rejected; sum of z0(1) {sumZ:R}, of dL/dz0[0] {sumGrad:R}"));

        var kernel = new KernelAlone(result.AcceptedSteps);
        for (int r = 0; r < 3; r++) // past tier-0 code and on-stack replacement
        {
            forward.Forward();
            gradient.ForwardAndGradient();
            kernel.Run();
            kernel.RunPair();
        }
        double[] fwd = new double[repetitions], aca = new double[repetitions], alone = new double[repetitions], ratio = new double[repetitions];
        double[] pair = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            TimeSpan c0 = Environment.CpuUsage.TotalTime;
            forward.Forward();
            TimeSpan c1 = Environment.CpuUsage.TotalTime;
            gradient.ForwardAndGradient();
            TimeSpan c2 = Environment.CpuUsage.TotalTime;
            kernel.Run();
            TimeSpan c3 = Environment.CpuUsage.TotalTime;
            kernel.RunPair();
            TimeSpan c4 = Environment.CpuUsage.TotalTime;
            pair[r] = (c4 - c3).TotalNanoseconds / kernel.LaneSteps;
            fwd[r] = (c1 - c0).TotalNanoseconds / result.AcceptedSteps;
            aca[r] = (c2 - c1).TotalNanoseconds / result.AcceptedSteps;
            alone[r] = (c3 - c2).TotalNanoseconds / kernel.LaneSteps;
            ratio[r] = fwd[r] / alone[r];
        }
        Report("forward", fwd);
        Report("forward + ACA gradient", aca);
        Report("trial-step kernel alone", alone);
        Report("trial-step pair kernel alone", pair);
        Array.Sort(ratio);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"forward / kernel alone: median {ratio[repetitions / 2]:F2} (min {ratio[0]:F2})"));
    }

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static void Report(string label, double[] nsPerStep)
    {
        Array.Sort(nsPerStep);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: CPU median {nsPerStep[nsPerStep.Length / 2]:F2} ns per accepted trajectory-step (min {nsPerStep[0]:F2})"));
    }

    /// <summary>GeneratedLorenz's Dopri5 lane trial step on two lane groups per iteration, each group's zNew its next
    /// z (the step's dependency chain without the controller), h fixed and small so the values stay finite; by two
    /// calls of the single kernel (<see cref="Run"/>) or one of the two-group kernel (<see cref="RunPair"/>, both groups'
    /// vectors in one buffer each, group 1's after group 0's, as the engine lays them out).</summary>
    private sealed class KernelAlone(long laneSteps)
    {
        private readonly Vector512<double>[] _z0 = States(), _z1 = States(), _p = Parameters();
        private readonly Vector512<double>[] _stages0 = new Vector512<double>[21], _stages1 = new Vector512<double>[21];
        private readonly Vector512<double>[] _zNew0 = new Vector512<double>[3], _zNew1 = new Vector512<double>[3];
        private readonly Vector512<double>[] _error0 = new Vector512<double>[3], _error1 = new Vector512<double>[3], _unused = new Vector512<double>[3];
        private readonly Vector512<double>[] _zPair = [.. States(), .. States()], _pPair = [.. Parameters(), .. Parameters()];
        private readonly Vector512<double>[] _stagesPair = new Vector512<double>[42], _zNewPair = new Vector512<double>[6];
        private readonly Vector512<double>[] _errorPair = new Vector512<double>[6], _unusedPair = new Vector512<double>[6];
        // The run's tolerances (rtol 1e-6, atol 1e-8) broadcast, and the sums of squares the kernels write.
        private readonly Vector512<double>[] _atol = [.. Enumerable.Repeat(Vector512.Create(1e-8), 3)], _rtol = [.. Enumerable.Repeat(Vector512.Create(1e-6), 3)];
        private readonly Vector512<double>[] _sums = new Vector512<double>[2];
        private readonly long _calls = Math.Max(1, laneSteps / 16);

        public long LaneSteps => _calls * 16;

        private static Vector512<double>[] States() => [Vector512.Create(1.0), Vector512.Create(2.0), Vector512.Create(3.0)];

        private static Vector512<double>[] Parameters() => [Vector512.Create(10.0), Vector512.Create(28.0), Vector512.Create(8.0 / 3)];

        public void RunPair()
        {
            ButcherTableau tableau = DormandPrince5.Tableau;
            Vector512<double> t = Vector512<double>.Zero, h = Vector512.Create(1e-6);
            for (long i = 0; i < _calls; i++)
            {
                GeneratedLorenz.RhsOde.TryLaneTrialStepPair(tableau, t, h, t, h, _zPair, _pPair, _stagesPair, _zNewPair, _errorPair, _unusedPair, _atol, _rtol,
                    _sums);
                _zNewPair.CopyTo(_zPair, 0);
            }
        }

        public void Run()
        {
            ButcherTableau tableau = DormandPrince5.Tableau;
            Vector512<double> t = Vector512<double>.Zero, h = Vector512.Create(1e-6);
            for (long i = 0; i < _calls; i++)
            {
                GeneratedLorenz.RhsOde.TryLaneTrialStep(tableau, t, h, _z0, _p, _stages0, _zNew0, _error0, _unused, _atol, _rtol, _sums.AsSpan(0, 1));
                GeneratedLorenz.RhsOde.TryLaneTrialStep(tableau, t, h, _z1, _p, _stages1, _zNew1, _error1, _unused, _atol, _rtol, _sums.AsSpan(1, 1));
                _zNew0.CopyTo(_z0, 0);
                _zNew1.CopyTo(_z1, 0);
            }
        }
    }
}
