using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Model;

/// <summary>
/// A user-defined tableau found in the compilation (a static class marked <c>[RungeKuttaTableau]</c>): its
/// constant coefficients and how generated code names it. Plain data with value equality (pipeline input).
/// </summary>
/// <param name="Name">The name the user gave the tableau (for messages).</param>
/// <param name="KernelName">The identifier the generated kernels of this tableau carry (TrialStep{KernelName}): the
/// class name, made unique among the built-in and other user tableaus when the pipeline combines them.</param>
/// <param name="Reference">The C# expression of the user's tableau object, <c>global::Ns.Class.Tableau</c>, which
/// generated dispatch compares the solver's tableau with by reference.</param>
/// <param name="A">Rows of A concatenated (row i has i entries).</param>
internal sealed record TableauSpec(
    string Name,
    string KernelName,
    string Reference,
    int Order,
    int ErrorOrder,
    EquatableArray<double> C,
    EquatableArray<double> A,
    EquatableArray<double> B,
    EquatableArray<double>? Error,
    EquatableArray<double>? Error2)
{
    /// <summary>The tableau, built by the runtime's own class (linked source), so it validates itself exactly as
    /// the user's object did and the kernels embed the same doubles. Throws <see cref="ArgumentException"/> when
    /// it is inconsistent.</summary>
    public ButcherTableau Build(string name)
    {
        var rows = new double[C.Count][];
        for (int i = 0, k = 0; i < rows.Length; k += i, i++)
            rows[i] = Enumerable.Range(k, Math.Max(0, Math.Min(i, A.Count - k))).Select(x => A[x]).ToArray();
        return new ButcherTableau(name, Order, ErrorOrder, C.ToArray(), rows, B.ToArray(), Error?.ToArray(), Error2?.ToArray());
    }
}
