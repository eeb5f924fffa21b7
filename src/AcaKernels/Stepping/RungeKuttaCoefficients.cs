using System.Numerics;
using AcaKernels.Tableaus;

namespace AcaKernels.Stepping;

/// <summary>
/// A tableau's coefficients converted once to the state's number type T, plus the structure the stepper uses
/// to skip work: which A entries are zero and which stages influence the new state (FSAL's last stage does not).
/// </summary>
public sealed class RungeKuttaCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly RungeKuttaCoefficients<T>?[] Cache = new RungeKuttaCoefficients<T>?[Enum.GetValues<RungeKuttaMethod>().Length];

    // User tableaus: one set of coefficients per tableau object while it lives (solvers share it like the built-ins').
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ButcherTableau, RungeKuttaCoefficients<T>> UserCache = new();

    private readonly T[] _b, _error, _error2;
    private readonly double[] _c;
    private readonly SparseRow<T>[] _stageRows;
    private readonly bool[] _stageInfluencesOutput;

    private RungeKuttaCoefficients(ButcherTableau tableau)
    {
        Tableau = tableau;
        Stages = tableau.Stages;
        _b = Convert(tableau.B);
        _c = tableau.C.ToArray();
        _error = tableau.Error is { } e ? Convert(e) : [];
        _error2 = tableau.Error2 is { } e2 ? Convert(e2) : [];
        _stageRows = new SparseRow<T>[Stages];
        for (int i = 0; i < Stages; i++) _stageRows[i] = SparseRow<T>.From(tableau.A.AsSpan(i * Stages, i));
        BRow = SparseRow<T>.From(tableau.B.AsSpan());
        ErrorRow = SparseRow<T>.From(tableau.Error is { } er ? er.AsSpan() : default);
        Error2Row = SparseRow<T>.From(tableau.Error2 is { } er2 ? er2.AsSpan() : default);
        _stageInfluencesOutput = new bool[Stages];
        for (int i = Stages - 1; i >= 0; i--)
        {
            bool needed = tableau.B[i] != 0;
            for (int l = i + 1; l < Stages && !needed; l++)
                needed = _stageInfluencesOutput[l] && tableau[l, i] != 0;
            _stageInfluencesOutput[i] = needed;
        }
    }

    /// <summary>Coefficients of <paramref name="method"/> in T, created once per process.</summary>
    public static RungeKuttaCoefficients<T> For(RungeKuttaMethod method) =>
        Cache[(int)method] ??= new RungeKuttaCoefficients<T>(ButcherTableaus.Get(method));

    /// <summary>Coefficients of <paramref name="tableau"/> in T (a built-in's or a user-defined one), created once
    /// per tableau object.</summary>
    public static RungeKuttaCoefficients<T> For(ButcherTableau tableau)
    {
        ArgumentNullException.ThrowIfNull(tableau);
        if (tableau.Method is { } method && ReferenceEquals(tableau, ButcherTableaus.Get(method))) return For(method);
        return UserCache.GetValue(tableau, static tb => new RungeKuttaCoefficients<T>(tb));
    }

    /// <summary>The source tableau.</summary>
    public ButcherTableau Tableau { get; }

    /// <summary>Number of stages s.</summary>
    public int Stages { get; }

    // Read-only spans over private arrays: the coefficients are shared by every solver of the process, so no
    // caller may change them, and reading a span costs the hot loops nothing.

    /// <summary>b in T.</summary>
    public ReadOnlySpan<T> B => _b;

    /// <summary>c, kept in double: stage times are computed in float64.</summary>
    public ReadOnlySpan<double> C => _c;

    /// <summary>Error weights in T (empty for fixed-step methods).</summary>
    public ReadOnlySpan<T> Error => _error;

    /// <summary>Secondary error weights in T (empty unless DOP853).</summary>
    public ReadOnlySpan<T> Error2 => _error2;

    /// <summary>Nonzero entries of each row of A, in ascending column order.</summary>
    public ReadOnlySpan<SparseRow<T>> StageRows => _stageRows;

    /// <summary>Nonzero entries of b.</summary>
    public SparseRow<T> BRow { get; }

    /// <summary>Nonzero error weights (empty for fixed-step methods).</summary>
    public SparseRow<T> ErrorRow { get; }

    /// <summary>Nonzero secondary error weights (empty unless DOP853).</summary>
    public SparseRow<T> Error2Row { get; }

    /// <summary>Whether stage i reaches the new state through b or later stages; false stages need no VJP.</summary>
    public ReadOnlySpan<bool> StageInfluencesOutput => _stageInfluencesOutput;

    private static T[] Convert(System.Collections.Immutable.ImmutableArray<double> values)
    {
        var result = new T[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }
}
