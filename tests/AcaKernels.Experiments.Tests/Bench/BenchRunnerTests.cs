using System.Text.Json;
using AcaKernels.Experiments.Bench;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.Bench;

public sealed class BenchRunnerTests
{
    // 40 trajectories (five SIMD vectors), 3 samples, 2 threads: every row runs in milliseconds.
    private static readonly BenchSettings Tiny = new() { Trajectories = 40, Repeats = 3, Threads = 2, SingleEndTime = 1.0 };
    private static readonly Lazy<BenchReport> Report = new(() => BenchRunner.Run(Tiny));

    [Fact]
    public void Run_MeasuresEveryEngineAndSaysWhyTheGpuIsNot()
    {
        BenchReport report = Report.Value;
        Assert.True(report.Completed);
        Assert.Equal(BenchRunner.Single, report.Rows[0].Engine);
        Assert.Equal([1, 2], report.Rows.Where(r => r.Engine == BenchRunner.Scalar).Select(r => r.Threads));
        BenchRow gpu = Assert.Single(report.Rows, r => r.Engine == BenchRunner.Gpu);
        Assert.Contains("aca ensemble --backend", gpu.Status);
        Assert.Null(gpu.SolveSeconds);
        foreach (BenchRow row in report.Rows.Where(r => r.Status == "measured"))
        {
            Assert.True(row.SolveSeconds > 0 && row.SolveAndGradientSeconds > 0, row.Engine);
            Assert.True(row.AcceptedSteps >= row.Trajectories, $"{row.Engine}: {row.AcceptedSteps} steps");
        }
        if (report.Avx512) Assert.Equal(2, report.Rows.Count(r => r.Engine == BenchRunner.Lanes && r.Status == "measured"));
        else Assert.Contains("AVX-512", Assert.Single(report.Rows, r => r.Engine == BenchRunner.Lanes).Status);
    }

    [Fact]
    public void Run_EveryEnsembleEngineGivesTheSumOfTheSingleTrajectoryGradients()
    {
        // The reference: each trajectory alone on the single-trajectory solver, its ∂L/∂θ summed in trajectory order.
        // The engines are documented bit-identical per trajectory; 1e-12 relative leaves room for summation order only.
        var solver = new OdeSolver<double, BenchLorenz.RhsOde>(new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, Gradient = GradientMethod.Aca });
        double[] z0 = BenchRunner.EnsembleStart(Tiny.Trajectories), theta = [10.0, 28.0, 8.0 / 3.0], sum = new double[3];
        double[] outputs = new double[6], seeds = new double[6], gradTheta = new double[3];
        for (int b = 0; b < Tiny.Trajectories; b++)
        {
            solver.Solve(z0.AsSpan(3 * b, 3), theta, [0.0, 1.0], outputs).ThrowIfFailed();
            for (int i = 3; i < 6; i++) seeds[i] = 2 * outputs[i];
            solver.Gradient(seeds, new double[3], gradTheta).ThrowIfFailed();
            for (int i = 0; i < 3; i++) sum[i] += gradTheta[i];
        }
        foreach (BenchRow row in Report.Value.Rows.Where(r => r.Engine != BenchRunner.Single && r.Status == "measured"))
            for (int i = 0; i < 3; i++)
                Assert.True(Math.Abs(row.GradientTheta![i] - sum[i]) <= 1e-12 * Math.Abs(sum[i]),
                    $"{row.Engine}, {row.Threads} threads: dL/dθ{i} = {row.GradientTheta[i]:R}, single-trajectory sum {sum[i]:R}");
    }

    [Fact]
    public void Json_ValidatesAgainstTheSchema_AndTheTableListsEveryRow()
    {
        var schema = JsonSchema.FromText(ExperimentJson.BenchSchema());
        using var document = JsonDocument.Parse(ExperimentJson.ToJson(Report.Value));
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        string errors = string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
        Assert.True(results.IsValid, errors);

        string table = BenchTables.Render(Report.Value);
        Assert.Equal(Report.Value.Rows.Count, table.Split('\n').Count(l => l.TrimStart().StartsWith("ensemble", StringComparison.Ordinal) || l.TrimStart().StartsWith("single", StringComparison.Ordinal)));
        Assert.Contains("/proc/loadavg", table);
        Assert.Contains("benchmarks/RESULTS.md", table);
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 7 }, 7)]
    public void Median_OfOddAndEvenCounts(double[] values, double expected) => Assert.Equal(expected, BenchRunner.Median(values));

    [Fact]
    public void Settings_OutOfRange_AreRefusedByName()
    {
        Assert.Contains("trajectories", Assert.Throws<ArgumentException>(new BenchSettings { Trajectories = 0 }.Validate).Message);
        Assert.Contains("repeats", Assert.Throws<ArgumentException>(new BenchSettings { Repeats = 0 }.Validate).Message);
    }
}
