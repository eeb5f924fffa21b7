using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// <typeparamref name="TSys"/> with lane kernels that obey the lane contract by construction: each lane is gathered
/// and run through the scalar kernel. Not fast; it lets the tests drive the lane engine's kernel path (masks, idle
/// lanes, the scalar redo of time-term steps) until the generator emits real lane kernels, and check that it gives
/// the same bits as the per-lane fallback and the single solver.
/// </summary>
public readonly struct WithLaneKernels<TSys> : IOdeDynamics<double> where TSys : IOdeDynamics<double>
{
    /// <inheritdoc/>
    public static int StateSize => TSys.StateSize;

    /// <inheritdoc/>
    public static int ParameterSize => TSys.ParameterSize;

    /// <inheritdoc/>
    public static bool DependsOnTime => TSys.DependsOnTime;

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => TSys.Evaluate(t, z, p, dz);

    /// <inheritdoc/>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
        Span<double> gradZ, Span<double> gradP) => TSys.VectorJacobianProduct(t, z, p, v, gradZ, gradP);

    // Scratch per thread (an ensemble's workers are threads), allocated at the first call.
    [ThreadStatic] private static double[]? t_z, t_p, t_stages, t_zNew, t_error, t_error2, t_v, t_vIn, t_gradP, t_scratch;

    private static double[] Buffer(ref double[]? buffer, int length) => buffer is { } b && b.Length >= length ? b : buffer = new double[length];

    private static void Gather(ReadOnlySpan<Vector512<double>> from, int lane, Span<double> to)
    {
        for (int j = 0; j < to.Length; j++) to[j] = from[j].GetElement(lane);
    }

    private static void Scatter(ReadOnlySpan<double> from, Span<Vector512<double>> to, int lane)
    {
        for (int j = 0; j < from.Length; j++) to[j] = to[j].WithElement(lane, from[j]);
    }

    /// <inheritdoc/>
    public static bool TryLaneEvaluate(Vector512<double> t, ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p,
        Span<Vector512<double>> dz)
    {
        int n = StateSize, m = ParameterSize;
        Span<double> zl = Buffer(ref t_z, n).AsSpan(0, n), pl = Buffer(ref t_p, m).AsSpan(0, m), f = Buffer(ref t_zNew, n).AsSpan(0, n);
        for (int lane = 0; lane < 8; lane++)
        {
            Gather(z, lane, zl);
            Gather(p, lane, pl);
            TSys.Evaluate(t.GetElement(lane), zl, pl, f);
            Scatter(f, dz, lane);
        }
        return true;
    }

    /// <inheritdoc/>
    public static bool TryLaneTrialStep(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> stages, Span<Vector512<double>> zNew, Span<Vector512<double>> error,
        Span<Vector512<double>> error2, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares)
    {
        int n = StateSize, m = ParameterSize;
        var rk = RungeKuttaCoefficients<double>.For(tableau);
        int s = rk.Stages;
        Span<double> zl = Buffer(ref t_z, n).AsSpan(0, n), pl = Buffer(ref t_p, m).AsSpan(0, m);
        Span<double> kl = Buffer(ref t_stages, s * n).AsSpan(0, s * n), zNewL = Buffer(ref t_zNew, n).AsSpan(0, n);
        Span<double> el = Buffer(ref t_error, n).AsSpan(0, n), e2l = Buffer(ref t_error2, n).AsSpan(0, n);
        for (int lane = 0; lane < 8; lane++)
        {
            Gather(z, lane, zl);
            Gather(p, lane, pl);
            Gather(stages, lane, kl);
            RungeKuttaStepper<double, TSys>.TrialStep(rk, t.GetElement(lane), h.GetElement(lane), zl, pl, kl, zNewL, el, e2l);
            Scatter(kl, stages, lane);
            Scatter(zNewL, zNew, lane);
            Scatter(el, error, lane);
            Scatter(e2l, error2, lane);
        }
        // The RMS norm's sum (one error estimate) as the lane engine's own norm makes it.
        if (rk.Error.Length != 0 && rk.Error2.Length == 0)
            sumOfSquares[0] = ErrorNorm.SumOfSquaresAndLog(error[..n], z[..n], zNew[..n], atol[..n], rtol[..n], default, out _);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>The single kernel on each group's half of the buffers: what a pair kernel must give, so the engine's
    /// two-group path is checked against the per-lane fallback and the single solver too.</remarks>
    public static bool TryLaneTrialStepPair(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, Vector512<double> tB,
        Vector512<double> hB, ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> stages,
        Span<Vector512<double>> zNew, Span<Vector512<double>> error, Span<Vector512<double>> error2, ReadOnlySpan<Vector512<double>> atol,
        ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares)
    {
        int n = StateSize, m = ParameterSize, sn = RungeKuttaCoefficients<double>.For(tableau).Stages * n;
        return TryLaneTrialStep(tableau, t, h, z[..n], p[..m], stages[..sn], zNew[..n], error[..n], error2[..n], atol, rtol, sumOfSquares[..1])
            && TryLaneTrialStep(tableau, tB, hB, z.Slice(n, n), p.Slice(m, m), stages.Slice(sn, sn), zNew.Slice(n, n), error.Slice(n, n),
                error2.Slice(n, n), atol, rtol, sumOfSquares.Slice(1, 1));
    }

    /// <inheritdoc/>
    public static bool TryLaneStepVjp(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> p, ReadOnlySpan<Vector512<double>> adjointOut, Span<Vector512<double>> adjointIn,
        Span<Vector512<double>> gradP, Span<Vector512<double>> scratch)
    {
        int n = StateSize, m = ParameterSize;
        var rk = RungeKuttaCoefficients<double>.For(tableau);
        Span<double> zl = Buffer(ref t_z, n).AsSpan(0, n), pl = Buffer(ref t_p, m).AsSpan(0, m);
        Span<double> v = Buffer(ref t_v, n).AsSpan(0, n), vIn = Buffer(ref t_vIn, n).AsSpan(0, n), g = Buffer(ref t_gradP, m).AsSpan(0, m);
        Span<double> work = Buffer(ref t_scratch, RungeKuttaStepperScratch.Length(rk.Stages, n));
        for (int lane = 0; lane < 8; lane++)
        {
            Gather(z, lane, zl);
            Gather(p, lane, pl);
            Gather(adjointOut, lane, v);
            Gather(gradP, lane, g);
            RungeKuttaStepper<double, TSys>.StepVjp(rk, t.GetElement(lane), h.GetElement(lane), zl, pl, v, vIn, g, work, false, out _);
            Scatter(vIn, adjointIn, lane);
            Scatter(g, gradP, lane);
        }
        return true;
    }
}
