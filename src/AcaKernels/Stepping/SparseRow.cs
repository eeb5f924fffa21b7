using System.Numerics;

namespace AcaKernels.Stepping;

/// <summary>
/// The nonzero entries of one row of tableau weights, in ascending column order, so the stepper's inner loops
/// run over exactly the terms they add (tableaus such as DOP853 are half zeros) with no branch per term.
/// </summary>
public sealed class SparseRow<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _columns;
    private readonly T[] _weights;

    private SparseRow(int[] columns, T[] weights)
    {
        _columns = columns;
        _weights = weights;
    }

    /// <summary>Columns (stage indices) of the nonzero weights.</summary>
    public ReadOnlySpan<int> Columns => _columns;

    /// <summary>The nonzero weights, rounded to T.</summary>
    public ReadOnlySpan<T> Weights => _weights;

    /// <summary>Number of nonzero terms.</summary>
    public int Count => _columns.Length;

    internal static SparseRow<T> From(ReadOnlySpan<double> row)
    {
        var columns = new List<int>();
        var weights = new List<T>();
        for (int l = 0; l < row.Length; l++)
        {
            T w = T.CreateTruncating(row[l]);
            if (w == T.Zero) continue;
            columns.Add(l);
            weights.Add(w);
        }
        return new SparseRow<T>(columns.ToArray(), weights.ToArray());
    }
}
