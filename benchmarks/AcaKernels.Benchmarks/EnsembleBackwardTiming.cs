using System.Diagnostics;
using System.Globalization;
using AcaKernels.Ensembles;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--ensemble-backward [repetitions] [trajectories]`: the ACA backward sweep alone, on --ensemble-per-step's problem
/// (<see cref="EnsembleSetup"/>: Lorenz, B = 65 536 by default, one worker). One forward solve, then
/// <c>repetitions</c> (default 15) gradients of it after two warm-up ones, each timed by the wall clock and by the
/// process's CPU time (on a shared machine the CPU time counts the work, not the wait for a core); prints the medians
/// in ns per accepted trajectory-step, and the gradient's sums in round-trip form, so two builds can be checked to
/// give the same bits. A profile of this mode is nearly all backward (the one solve is ~1/(repetitions + 3) of it).
/// </summary>
internal static class EnsembleBackwardTiming
{
    public static void Run(ReadOnlySpan<string> args)
    {
        int repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        int trajectories = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 65_536;
        using var setup = new EnsembleSetup(EnsembleSystem.Lorenz, trajectories, workers: 1, gradient: true);
        EnsembleResult result = setup.ForwardAndGradient();
        result.ThrowIfFailed();
        for (int r = 0; r < 2; r++) setup.Gradient().ThrowIfFailed();
        var wall = new double[repetitions];
        var cpu = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++)
        {
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            setup.Gradient();
            wall[rep] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / result.AcceptedSteps;
            cpu[rep] = (Environment.CpuUsage.TotalTime - cpuStart).TotalNanoseconds / result.AcceptedSteps;
        }
        double z0Sum = 0;
        foreach (double g in setup.GradZ0) z0Sum += g;
        ReadOnlySpan<double> theta = setup.GradTheta;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trajectories} trajectories, {result.AcceptedSteps} accepted steps; sum of dL/dz0 {z0Sum:R}, dL/dtheta ({theta[0]:R}, {theta[1]:R}, {theta[2]:R})"));
        Array.Sort(wall);
        Array.Sort(cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backward: median {wall[repetitions / 2]:F2} ns wall (min {wall[0]:F2}), {cpu[repetitions / 2]:F2} ns cpu (min {cpu[0]:F2}) per accepted trajectory-step"));
    }
}
