using System.Collections.Immutable;

namespace AcaKernels.Tableaus;

/// <summary>
/// An explicit Runge-Kutta tableau: nodes c, strictly lower-triangular A (row-major s×s), weights b, and for
/// adaptive methods the error weights e = b − b̂ (the embedded solution's deficit). Immutable (the arrays are
/// <see cref="ImmutableArray{T}"/>: a tableau shared by every solver cannot be changed by one); validates itself
/// on construction (row sums of A equal c, Σb = 1, Σe = 0) and derives FSAL (last row of A equals b, c = 1).
/// </summary>
/// <remarks>
/// <para>Hairer, Nørsett and Wanner, <i>Solving Ordinary Differential Equations I</i>, §II.1 and §II.4.</para>
/// <para><b>Arithmetic of the weighted sums</b>, the one spec every engine follows (the generic RungeKuttaStepper, the
/// generated scalar, lane and GPU kernels; each rounds exactly these operations, in T, so all of them agree bit for
/// bit). Fused multiply-adds are written explicitly (Math/MathF.FusedMultiplyAdd, Vector512.FusedMultiplyAdd,
/// GpuMath.Fma: one rounding each); nothing else may be contracted. Per component j, over the nonzero weights w_l of
/// a row (A's row i, b, e or DOP853's second e), in ascending l:</para>
/// <list type="bullet">
/// <item>S = w_l₀·k_l₀[j] (the first term's product, no 0 +), then S = fma(w_l, k_l[j], S); a row without nonzero
/// weights gives S = 0.</item>
/// <item>a stage input or the new state: y[j] = fma(h, S, z[j]); an error estimate: err[j] = h·S.</item>
/// </list>
/// <para>The reverse of a step (ACA's step VJP) keeps that order: kBarᵢ[j] = (h·bᵢ)·v[j]; after stage i's VJP (stages
/// in descending order), kBar_l[j] = fma(h·a_il, inputBarᵢ[j], kBar_l[j]) for ascending l. The time terms:
/// gradH starts at 0 and takes gradH = fma(w, xᵀk_l, gradH) per term, with the dot product xᵀk_l = x₀·k_l[0], then
/// fma(x_j, k_l[j], ·) in ascending j; gradH = fma(cᵢ, tBarᵢ, gradH); gradT += tBarᵢ.</para>
/// <para>Inside a stage VJP (f's own reverse, generated from f): every adjoint accumulation of a product term,
/// adj += g·x, is adj = fma(g, x, adj); terms that are not products (adj += g, adj += −g, adj += g/x) stay plain
/// additions. The terms arrive in the order of the reverse sweep, the same in every engine.</para>
/// </remarks>
public sealed class ButcherTableau
{
    /// <summary>Tolerance of the self-checks: coefficients given as decimals are exact to about 1e-16.</summary>
    private const double ConsistencyTolerance = 1e-13;

    /// <summary>Creates and validates the tableau of a built-in method; its <see cref="Name"/> is the method's name.
    /// Internal: only the built-in tableau files are a <see cref="RungeKuttaMethod"/>; anyone else uses the name.</summary>
    /// <param name="method">Which method this is.</param>
    /// <param name="order">Order of the propagated solution.</param>
    /// <param name="errorOrder">Order of the error estimate q (controller exponent 1/(q+1)); 0 for fixed step.</param>
    /// <param name="c">Nodes, length s.</param>
    /// <param name="a">Rows of A; row i has i entries (the strictly lower part).</param>
    /// <param name="b">Weights, length s.</param>
    /// <param name="error">Error weights b − b̂, length s, or null for a fixed-step method.</param>
    /// <param name="error2">Secondary error weights (DOP853's 3rd-order estimate), or null.</param>
    internal ButcherTableau(RungeKuttaMethod method, int order, int errorOrder, double[] c, double[][] a,
        double[] b, double[]? error = null, double[]? error2 = null)
        : this(method.ToString(), order, errorOrder, c, a, b, error, error2)
    {
        Method = method;
    }

    /// <summary>
    /// Creates and validates a user-defined tableau, run by the generic stepper when passed as
    /// <c>OdeOptions.Tableau</c>. Declared as <c>static ButcherTableau Tableau { get; } = new(...)</c> with constant
    /// arguments in a static class marked <see cref="RungeKuttaTableauAttribute"/>, it also gets fused kernels.
    /// </summary>
    /// <param name="name">A name for messages (e.g. "CashKarp5").</param>
    /// <param name="order">Order of the propagated solution.</param>
    /// <param name="errorOrder">Order of the error estimate q (controller exponent 1/(q+1)); 0 for fixed step.</param>
    /// <param name="c">Nodes, length s.</param>
    /// <param name="a">Rows of A; row i has i entries (the strictly lower part).</param>
    /// <param name="b">Weights, length s.</param>
    /// <param name="error">Error weights b − b̂, length s, or null for a fixed-step method.</param>
    /// <param name="error2">Secondary error weights, or null.</param>
    public ButcherTableau(string name, int order, int errorOrder, double[] c, double[][] a,
        double[] b, double[]? error = null, double[]? error2 = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A tableau needs a name (used in messages).", nameof(name));
        if (c is null || a is null || b is null)
            throw new ArgumentNullException(c is null ? nameof(c) : a is null ? nameof(a) : nameof(b), $"{name}: c, a and b are required.");
        Name = name;
        Order = order;
        ErrorOrder = errorOrder;
        Stages = c.Length;
        if (Stages == 0) throw new ArgumentException($"{name}: a tableau needs at least one stage.", nameof(c));
        if (order < 1 || errorOrder < 0 || (error is null) != (errorOrder == 0))
            throw new ArgumentException($"{name}: order {order} and error order {errorOrder} do not fit; an adaptive tableau " +
                "(with error weights) needs an error order ≥ 1, a fixed-step one 0.", nameof(errorOrder));
        if (a.Length != Stages || b.Length != Stages)
            throw new ArgumentException($"{name}: A has {a.Length} rows and b {b.Length} entries for {Stages} stages.");
        var dense = new double[Stages * Stages];
        for (int i = 0; i < Stages; i++)
        {
            if (!Finite(c[i]) || !Finite(b[i]))
                throw new ArgumentException($"{name}: c[{i}] and b[{i}] must be finite.");
            if (a[i] is null || a[i].Length != i)
                throw new ArgumentException($"{name}: row {i} of A has {a[i]?.Length ?? 0} entries, expected {i}.");
            double sum = 0;
            for (int j = 0; j < i; j++)
            {
                dense[i * Stages + j] = a[i][j];
                sum += a[i][j];
            }
            if (Math.Abs(sum - c[i]) > ConsistencyTolerance)
                throw new ArgumentException($"{name}: row {i} of A sums to {sum:R}, but c[{i}] = {c[i]:R}.");
        }
        CheckSum(name, "b", b, 1.0);
        if (error is not null)
        {
            if (error.Length != Stages) throw new ArgumentException($"{name}: error weights need {Stages} entries.");
            CheckSum(name, "error weights", error, 0.0);
        }
        if (error2 is not null)
        {
            if (error is null || error2.Length != Stages)
                throw new ArgumentException($"{name}: a secondary error estimate needs a primary one and {Stages} entries.");
            CheckSum(name, "secondary error weights", error2, 0.0);
        }
        // ImmutableArray.Create copies: the caller's arrays stay the caller's.
        A = ImmutableArray.Create(dense);
        C = ImmutableArray.Create(c);
        B = ImmutableArray.Create(b);
        Error = error is null ? null : ImmutableArray.Create(error);
        Error2 = error2 is null ? null : ImmutableArray.Create(error2);
        IsFsal = Stages > 1 && C[Stages - 1] == 1.0 && B[Stages - 1] == 0.0
            && Enumerable.Range(0, Stages - 1).All(j => A[(Stages - 1) * Stages + j] == B[j]);
    }

    /// <summary>The name, used in messages: the built-in method's enum name, or the name a user tableau was given.</summary>
    public string Name { get; }

    /// <summary>The built-in method this tableau is, or null for a user-defined tableau.</summary>
    public RungeKuttaMethod? Method { get; }

    /// <summary>Order of the propagated solution.</summary>
    public int Order { get; }

    /// <summary>Order q of the error estimate; the controller uses exponents over q + 1. 0 when fixed-step.</summary>
    public int ErrorOrder { get; }

    /// <summary>Number of stages s.</summary>
    public int Stages { get; }

    /// <summary>Nodes c (length s).</summary>
    public ImmutableArray<double> C { get; }

    /// <summary>A, row-major s×s, zero on and above the diagonal.</summary>
    public ImmutableArray<double> A { get; }

    /// <summary>Weights b (length s).</summary>
    public ImmutableArray<double> B { get; }

    /// <summary>Error weights b − b̂, or null for fixed-step methods.</summary>
    public ImmutableArray<double>? Error { get; }

    /// <summary>Secondary error weights (DOP853), or null.</summary>
    public ImmutableArray<double>? Error2 { get; }

    /// <summary>True when the method has an error estimate and so can adapt its step.</summary>
    public bool IsAdaptive => Error is not null;

    /// <summary>
    /// First Same As Last: the last stage is f at the new state, so it is the next step's first stage. Derived,
    /// not declared. The stepper then writes zNew with exactly the arithmetic of the last stage's input.
    /// </summary>
    public bool IsFsal { get; }

    /// <summary>A[i, j].</summary>
    public double this[int i, int j] => A[i * Stages + j];

    // double.IsFinite is not in netstandard2.0, which the generator (linking this file) targets.
    private static bool Finite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);

    private static void CheckSum(string name, string what, double[] values, double expected)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        if (Math.Abs(sum - expected) > ConsistencyTolerance)
            throw new ArgumentException($"{name}: {what} sum to {sum:R}, expected {expected}.");
    }
}
