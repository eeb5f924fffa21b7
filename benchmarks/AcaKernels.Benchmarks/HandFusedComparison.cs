namespace AcaKernels.Benchmarks;

/// <summary>
/// `--hand-fused-lorenz [repetitions]`: <see cref="HandFusedLorenz"/> on --ensemble-per-step's problem (B = 65 536,
/// the same initial states, θ = (10, 28, 8/3)), timed by the same loop, printing the same summary lines, so that
/// benchmarks/ensemble-compare.sh can run it as a side beside the C++ and the lane engine. Its sums may differ from
/// theirs in the last digits (its own rounding of ∂L/∂θ's lane sums and of Hairer's power); the step counts must not.
/// </summary>
internal static class HandFusedComparison
{
    private const int Trajectories = 65536;

    public static int Run(ReadOnlySpan<string> args)
    {
        int repetitions = 15;
        if (args.Length > 1 || (args.Length == 1 && !EnsembleComparison.TryPositive(args[0], out repetitions)))
        {
            Console.Error.WriteLine("--hand-fused-lorenz takes up to one positive integer: repetitions (default 15).");
            return 2;
        }
        using var engine = new HandFusedLorenz(EnsembleSetup.LorenzInitialStates(Trajectories), 10.0, 28.0, 8.0 / 3.0);
        engine.Solve(record: true);
        engine.Gradient();
        long accepted = 0, rejected = 0;
        for (int b = 0; b < Trajectories; b++) (accepted, rejected) = (accepted + engine.AcceptedSteps[b], rejected + engine.RejectedSteps[b]);
        double[] zSum = new double[3], gSum = new double[3];
        for (int b = 0; b < Trajectories; b++)
            for (int i = 0; i < 3; i++)
            {
                zSum[i] += engine.ZEnd[3 * b + i];
                gSum[i] += engine.GradZ0[3 * b + i];
            }
        EnsembleRunReport.PrintSummary(Trajectories, accepted, rejected, "z(1)", zSum, gSum, engine.GradTheta);
        Console.WriteLine("lanes: 16 (2 x 8), by hand in C#");
        EnsembleRunReport.Report("forward", accepted, repetitions, () => engine.Solve(record: false));
        EnsembleRunReport.Report("forward + ACA gradient", accepted, repetitions, () =>
        {
            engine.Solve(record: true);
            engine.Gradient();
        });
        return 0;
    }
}
