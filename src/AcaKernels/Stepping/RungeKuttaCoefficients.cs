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

    private RungeKuttaCoefficients(ButcherTableau tableau)
    {
        Tableau = tableau;
        Stages = tableau.Stages;
        B = Array.ConvertAll(tableau.B, T.CreateTruncating);
        C = tableau.C;
        Error = tableau.Error is null ? [] : Array.ConvertAll(tableau.Error, T.CreateTruncating);
        Error2 = tableau.Error2 is null ? [] : Array.ConvertAll(tableau.Error2, T.CreateTruncating);
        StageRows = new SparseRow<T>[Stages];
        for (int i = 0; i < Stages; i++) StageRows[i] = SparseRow<T>.From(tableau.A.AsSpan(i * Stages, i));
        BRow = SparseRow<T>.From(tableau.B);
        ErrorRow = SparseRow<T>.From(tableau.Error);
        Error2Row = SparseRow<T>.From(tableau.Error2);
        StageInfluencesOutput = new bool[Stages];
        for (int i = Stages - 1; i >= 0; i--)
        {
            bool needed = tableau.B[i] != 0;
            for (int l = i + 1; l < Stages && !needed; l++)
                needed = StageInfluencesOutput[l] && tableau[l, i] != 0;
            StageInfluencesOutput[i] = needed;
        }
    }

    /// <summary>Coefficients of <paramref name="method"/> in T, created once per process.</summary>
    public static RungeKuttaCoefficients<T> For(RungeKuttaMethod method) =>
        Cache[(int)method] ??= new RungeKuttaCoefficients<T>(ButcherTableaus.Get(method));

    /// <summary>The source tableau.</summary>
    public ButcherTableau Tableau { get; }

    /// <summary>Number of stages s.</summary>
    public int Stages { get; }

    /// <summary>b in T.</summary>
    public T[] B { get; }

    /// <summary>c, kept in double: stage times are computed in float64.</summary>
    public double[] C { get; }

    /// <summary>Error weights in T (empty for fixed-step methods).</summary>
    public T[] Error { get; }

    /// <summary>Secondary error weights in T (empty unless DOP853).</summary>
    public T[] Error2 { get; }

    /// <summary>Nonzero entries of each row of A, in ascending column order.</summary>
    public SparseRow<T>[] StageRows { get; }

    /// <summary>Nonzero entries of b.</summary>
    public SparseRow<T> BRow { get; }

    /// <summary>Nonzero error weights (empty for fixed-step methods).</summary>
    public SparseRow<T> ErrorRow { get; }

    /// <summary>Nonzero secondary error weights (empty unless DOP853).</summary>
    public SparseRow<T> Error2Row { get; }

    /// <summary>Whether stage i reaches the new state through b or later stages; false stages need no VJP.</summary>
    public bool[] StageInfluencesOutput { get; }
}
