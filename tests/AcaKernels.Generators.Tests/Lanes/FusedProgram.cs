using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>Which two-group lane trial step a program got for a tableau (RegisterForm.TrialStepPair in the generator),
/// read from the generated source as LaneTrialStepPairFormTests reads it.</summary>
public enum PairForm
{
    None,
    Registers,
    Memory,
}

/// <summary>
/// One random program of <see cref="LaneFusedBatch"/>: its source, the seed that drew it, what the generator made of
/// it, and its lane and scalar kernels (through <see cref="IFusedKernels"/>, since its dynamics type exists only in
/// the batch's in-memory assembly).
/// </summary>
internal sealed record FusedProgram(int PropertySeedValue, int Seed, string Name, RandomDynamics Dynamics, string Generated, IFusedKernels Kernels)
{
    public int N => Dynamics.N;

    public int M => Dynamics.M;

    public string Source => Dynamics.Source(Name);

    /// <summary>Random lanes in ±1 (the range of LanePropertyTests), drawn from the program's seed plus
    /// <paramref name="offset"/>.</summary>
    public LaneInputs Inputs(int offset) => LaneInputs.Random(Seed + offset, N, M, 1, 1);

    /// <summary>The pair kernel of <paramref name="method"/>, as printed: none (no TrialStepPairLanes method), the
    /// memory form (stage values through a ref to the stages span) or the register form.</summary>
    public PairForm Pair(RungeKuttaMethod method) => PairFormIn(Generated, method);

    /// <summary>The pair form of <paramref name="method"/> in a program's generated source.</summary>
    public static PairForm PairFormIn(string generated, RungeKuttaMethod method)
    {
        string name = "TrialStepPairLanes" + method;
        int start = generated.IndexOf($"private static void {name}(", StringComparison.Ordinal);
        if (start < 0) return PairForm.None;
        int end = generated.IndexOf("private static", start + name.Length + 20, StringComparison.Ordinal);
        string body = end < 0 ? generated[start..] : generated[start..end];
        return body.Contains("ref global::System.Runtime.Intrinsics.Vector512<double> stagesRef", StringComparison.Ordinal)
            ? PairForm.Memory
            : PairForm.Registers;
    }

    /// <summary>Runs <paramref name="check"/>; a failure names the seed, the program and its source (the assertion's
    /// own message names the lane).</summary>
    public void Check(Action check)
    {
        try
        {
            check();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException(
                $"seed {Seed} (ACA_PROPERTY_SEED={PropertySeedValue}), program {Name} (n = {N}, m = {M}): {e.Message}\n{Source}\n{e.StackTrace}");
        }
    }
}

/// <summary>The kernels of one program's dynamics type, reached from code that cannot name the type.</summary>
internal interface IFusedKernels
{
    LaneSystem System { get; }

    /// <summary>The pair kernel on (<paramref name="g0"/>, <paramref name="g1"/>) against the single kernel on each
    /// (LaneTrialStepPairTests.Compare); false when there is no pair kernel.</summary>
    bool ComparePair(RungeKuttaMethod method, LaneInputs g0, LaneInputs g1);

    /// <summary>stages, zNew, error, error2 and the sums of both groups by the pair kernel, or null without one.</summary>
    Vector512<double>[][]? Pair(RungeKuttaMethod method, LaneInputs g0, LaneInputs g1);
}

/// <summary><see cref="IFusedKernels"/> of <typeparamref name="TDynamics"/> (made by reflection).</summary>
internal sealed class FusedKernels<TDynamics> : IFusedKernels where TDynamics : IOdeDynamics<double>
{
    public LaneSystem System { get; } = LaneSystem.Of<TDynamics>();

    public bool ComparePair(RungeKuttaMethod method, LaneInputs g0, LaneInputs g1) => LaneTrialStepPairTests.Compare<TDynamics>(method, g0, g1);

    public Vector512<double>[][]? Pair(RungeKuttaMethod method, LaneInputs g0, LaneInputs g1) => LaneTrialStepPairTests.Pair<TDynamics>(method, g0, g1);
}
