using System.Runtime.Intrinsics;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// <typeparamref name="TSys"/> (a generated system) with every hook forwarded unchanged, so it computes the same
/// bits, and the calls of the two step VJPs with time terms counted (all threads): the scalar
/// TryFusedStepVjpWithTime and the lane TryLaneStepVjpWithTime. Lets a test see which one the lane engine takes.
/// </summary>
public readonly struct CountingTimeTermHooks<TSys> : IOdeDynamics<double> where TSys : IOdeDynamics<double>
{
    private static int s_scalarCalls, s_laneCalls;

    /// <summary>Calls of the scalar hook with time terms since <see cref="ResetCalls"/>.</summary>
    public static int ScalarCalls => Volatile.Read(ref s_scalarCalls);

    /// <summary>Calls of the lane hook with time terms since <see cref="ResetCalls"/>.</summary>
    public static int LaneCalls => Volatile.Read(ref s_laneCalls);

    public static void ResetCalls()
    {
        Volatile.Write(ref s_scalarCalls, 0);
        Volatile.Write(ref s_laneCalls, 0);
    }

    public static int StateSize => TSys.StateSize;

    public static int ParameterSize => TSys.ParameterSize;

    public static bool DependsOnTime => TSys.DependsOnTime;

    public static int LaneStepVjpWorkspaceLength => TSys.LaneStepVjpWorkspaceLength;

    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => TSys.Evaluate(t, z, p, dz);

    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
        Span<double> gradZ, Span<double> gradP) => TSys.VectorJacobianProduct(t, z, p, v, gradZ, gradP);

    public static bool TryFusedTrialStep(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        Span<double> stages, Span<double> zNew, Span<double> error, Span<double> error2) =>
        TSys.TryFusedTrialStep(tableau, t, h, z, p, stages, zNew, error, error2);

    public static bool TryFusedStepVjp(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> adjointOut, Span<double> adjointIn, Span<double> gradP, Span<double> scratch) =>
        TSys.TryFusedStepVjp(tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch);

    public static bool TryFusedStepVjpWithTime(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> adjointOut, Span<double> adjointIn, Span<double> gradP, Span<double> scratch, out double gradH, out double gradT)
    {
        Interlocked.Increment(ref s_scalarCalls);
        return TSys.TryFusedStepVjpWithTime(tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch, out gradH, out gradT);
    }

    public static bool TryLaneEvaluate(Vector512<double> t, ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p,
        Span<Vector512<double>> dz) => TSys.TryLaneEvaluate(t, z, p, dz);

    public static bool TryLaneTrialStep(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> stages, Span<Vector512<double>> zNew, Span<Vector512<double>> error,
        Span<Vector512<double>> error2, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares) =>
        TSys.TryLaneTrialStep(tableau, t, h, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares);

    public static bool TryLaneTrialStepPair(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, Vector512<double> tB,
        Vector512<double> hB, ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> stages,
        Span<Vector512<double>> zNew, Span<Vector512<double>> error, Span<Vector512<double>> error2, ReadOnlySpan<Vector512<double>> atol,
        ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares) =>
        TSys.TryLaneTrialStepPair(tableau, t, h, tB, hB, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares);

    public static bool TryLaneStepVjp(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> p, ReadOnlySpan<Vector512<double>> adjointOut, Span<Vector512<double>> adjointIn,
        Span<Vector512<double>> gradP, Span<Vector512<double>> scratch) =>
        TSys.TryLaneStepVjp(tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch);

    public static bool TryLaneStepVjpWithTime(ButcherTableau tableau, Vector512<double> t, Vector512<double> h,
        ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p, ReadOnlySpan<Vector512<double>> adjointOut,
        Span<Vector512<double>> adjointIn, Span<Vector512<double>> gradP, Span<Vector512<double>> scratch,
        out Vector512<double> gradH, out Vector512<double> gradT)
    {
        Interlocked.Increment(ref s_laneCalls);
        return TSys.TryLaneStepVjpWithTime(tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch, out gradH, out gradT);
    }
}
