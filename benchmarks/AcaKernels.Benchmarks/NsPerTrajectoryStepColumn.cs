using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AcaKernels.Benchmarks;

/// <summary>
/// <c>ns/traj-step</c>: a <see cref="Perf_Ensemble"/> benchmark's median over the accepted steps of all its
/// trajectories. The benchmarks run in a child process, so the column counts the steps itself, once per system and
/// B, by solving the same ensemble here (the counts are deterministic and do not depend on the thread count).
/// </summary>
public sealed class NsPerTrajectoryStepColumn : IColumn
{
    private static readonly ConcurrentDictionary<(EnsembleSystem, int), long> Steps = new();

    public string Id => nameof(NsPerTrajectoryStepColumn);
    public string ColumnName => "ns/traj-step";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Median time per accepted step of one trajectory (median / accepted steps of all trajectories)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (median is null || benchmarkCase.Parameters["Trajectories"] is not int trajectories) return "-";
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        EnsembleSystem system = method.StartsWith("Lorenz", StringComparison.Ordinal) ? EnsembleSystem.Lorenz
            : method.StartsWith("LogLotkaVolterra", StringComparison.Ordinal) ? EnsembleSystem.LogLotkaVolterra
            : method.StartsWith("LogOscillator", StringComparison.Ordinal) ? EnsembleSystem.LogOscillator
            : method.StartsWith("KuramotoRing", StringComparison.Ordinal) ? EnsembleSystem.KuramotoRing
            : method.StartsWith("Repressilator", StringComparison.Ordinal) ? EnsembleSystem.Repressilator
            : method.StartsWith("FrictionOscillators", StringComparison.Ordinal) ? EnsembleSystem.FrictionOscillators
            : EnsembleSystem.ThreeBody;
        long steps = Steps.GetOrAdd((system, trajectories), key => EnsembleSetup.AcceptedSteps(key.Item1, key.Item2));
        return (median.Value / steps).ToString("F2", CultureInfo.InvariantCulture);
    }
}
