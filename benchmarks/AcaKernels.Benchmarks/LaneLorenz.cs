using System.Runtime.Intrinsics;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Benchmarks;

/// <summary>
/// <see cref="GeneratedLorenz.RhsOde"/> plus hand-written lane kernels (f, trial step and step VJP over the tableau in
/// Vector512), standing in for the generator's SIMD target so that the lane engine's own cost per step can be
/// measured before that target exists. The trial step follows the generic stepper's operation order; the VJP's
/// per-stage f-VJP is written by hand, so gradients may differ from the scalar engine in the last bits (speed only).
/// </summary>
public readonly struct LaneLorenz : IOdeDynamics<double>
{
    public static int StateSize => 3;
    public static int ParameterSize => 3;
    public static bool DependsOnTime => false;

    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) =>
        GeneratedLorenz.RhsOde.Evaluate(t, z, p, dz);

    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
        Span<double> gradZ, Span<double> gradP) => GeneratedLorenz.RhsOde.VectorJacobianProduct(t, z, p, v, gradZ, gradP);

    public static bool TryFusedTrialStep(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        Span<double> stages, Span<double> zNew, Span<double> error, Span<double> error2) =>
        GeneratedLorenz.RhsOde.TryFusedTrialStep(tableau, t, h, z, p, stages, zNew, error, error2);

    public static bool TryFusedStepVjp(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> adjointOut, Span<double> adjointIn, Span<double> gradP, Span<double> scratch) =>
        GeneratedLorenz.RhsOde.TryFusedStepVjp(tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch);

    private static void F(ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> dz)
    {
        Vector512<double> x = z[0], y = z[1], w = z[2];
        dz[0] = p[0] * (y - x);
        dz[1] = x * (p[1] - w) - y;
        dz[2] = x * y - p[2] * w;
    }

    public static bool TryLaneEvaluate(Vector512<double> t, ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p,
        Span<Vector512<double>> dz)
    {
        F(z, p, dz);
        return true;
    }

    private static void Combine(SparseRow<double> row, ReadOnlySpan<Vector512<double>> k, Vector512<double> h,
        ReadOnlySpan<Vector512<double>> z, Span<Vector512<double>> y, bool addState)
    {
        ReadOnlySpan<int> columns = row.Columns;
        ReadOnlySpan<double> weights = row.Weights;
        for (int j = 0; j < 3; j++)
        {
            Vector512<double> acc = Vector512<double>.Zero;
            for (int l = 0; l < columns.Length; l++) acc += Vector512.Create(weights[l]) * k[columns[l] * 3 + j];
            y[j] = addState ? z[j] + h * acc : h * acc;
        }
    }

    public static bool TryLaneTrialStep(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> stages, Span<Vector512<double>> zNew, Span<Vector512<double>> error,
        Span<Vector512<double>> error2, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares)
    {
        var rk = RungeKuttaCoefficients<double>.For(tableau);
        for (int i = 1; i < rk.Stages; i++)
        {
            Combine(rk.StageRows[i], stages, h, z, zNew, addState: true);
            F(zNew, p, stages.Slice(i * 3, 3));
        }
        if (!rk.Tableau.IsFsal) Combine(rk.BRow, stages, h, z, zNew, addState: true);
        if (rk.Error.Length != 0) Combine(rk.ErrorRow, stages, h, z, error, addState: false);
        if (rk.Error2.Length != 0) Combine(rk.Error2Row, stages, h, z, error2, addState: false);
        else if (rk.Error.Length != 0)
        {
            // The RMS norm's sum of squares, as the contract spells it (the engine's operations and order).
            Vector512<double> sum = Vector512<double>.Zero;
            for (int j = 0; j < 3; j++)
            {
                Vector512<double> a = Vector512.Abs(z[j]), b = Vector512.Abs(zNew[j]);
                Vector512<double> r = error[j] / (atol[j] + rtol[j] * Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), a, b));
                sum += r * r;
            }
            sumOfSquares[0] = sum;
        }
        return true;
    }

    public static bool TryLaneStepVjp(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> p, ReadOnlySpan<Vector512<double>> adjointOut, Span<Vector512<double>> adjointIn,
        Span<Vector512<double>> gradP, Span<Vector512<double>> scratch)
    {
        var rk = RungeKuttaCoefficients<double>.For(tableau);
        int s = rk.Stages, n = 3;
        Span<Vector512<double>> inputs = scratch.Slice(0, s * n), stages = scratch.Slice(s * n, s * n);
        Span<Vector512<double>> stageBars = scratch.Slice(2 * s * n, s * n);
        z.CopyTo(inputs);
        F(z, p, stages);
        for (int i = 1; i < s; i++)
        {
            Combine(rk.StageRows[i], stages, h, z, inputs.Slice(i * n, n), addState: true);
            F(inputs.Slice(i * n, n), p, stages.Slice(i * n, n));
        }
        adjointOut.CopyTo(adjointIn);
        for (int i = 0; i < s; i++)
        {
            Vector512<double> hb = h * Vector512.Create(rk.B[i]);
            for (int j = 0; j < n; j++) stageBars[i * n + j] = hb * adjointOut[j];
        }
        for (int i = s - 1; i >= 0; i--)
        {
            if (!rk.StageInfluencesOutput[i]) continue;
            ReadOnlySpan<Vector512<double>> y = inputs.Slice(i * n, n), v = stageBars.Slice(i * n, n);
            Vector512<double> x = y[0], yy = y[1], w = y[2];
            Vector512<double> b0 = -p[0] * v[0] + (p[1] - w) * v[1] + yy * v[2];
            Vector512<double> b1 = p[0] * v[0] - v[1] + x * v[2];
            Vector512<double> b2 = -x * v[1] - p[2] * v[2];
            gradP[0] += (yy - x) * v[0];
            gradP[1] += x * v[1];
            gradP[2] -= w * v[2];
            adjointIn[0] += b0;
            adjointIn[1] += b1;
            adjointIn[2] += b2;
            SparseRow<double> row = rk.StageRows[i];
            for (int q = 0; q < row.Count; q++)
            {
                Vector512<double> ha = h * Vector512.Create(row.Weights[q]);
                int l = row.Columns[q];
                stageBars[l * n] += ha * b0;
                stageBars[l * n + 1] += ha * b1;
                stageBars[l * n + 2] += ha * b2;
            }
        }
        return true;
    }
}
