using System.Collections.Generic;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The RMS error norm's sum of squares Σⱼ(eⱼ/scⱼ)², scⱼ = atolⱼ + rtolⱼ·max(|zⱼ|, |zNewⱼ|), at the end of a lane trial
/// step, from the kernel's own z, zNew and error values (in registers where the kernel has them), into
/// sumOfSquares[group]: the engine's ControlStep reads it instead of reloading and re-deriving them (RESULTS.md §29).
/// The operations and their order are ErrorNorm.SumOfSquaresAndLog's — sum = 0, then sum += r·r in ascending j, r = e /
/// (atol + rtol·select(a &gt; b, a, b)), no fused operation — so each lane's sum is the same bits. Only tableaus with
/// one error estimate: DOP853's norm needs both, and the engine makes it.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>Stem of the error estimate's locals (er{j}) that the sum reads where the kernel keeps them.</summary>
    private const string ErrorLocal = "er";

    private static bool WritesSumOfSquares(ButcherTableau tableau) => tableau.Error is not null && tableau.Error2 is null;

    private void CheckSumSpans(ButcherTableau tableau, int groups)
    {
        if (!WritesSumOfSquares(tableau)) return;
        Check("atol", N);
        Check("rtol", N);
        Check("sumOfSquares", groups);
    }

    /// <summary>The error statement of component <paramref name="j"/>: stored to <paramref name="slot"/> and, where the
    /// sum follows, kept in the group's er{j} as well.</summary>
    private void ErrorStatement(ButcherTableau tableau, PairGroup g, int j, string slot, string value)
    {
        if (!WritesSumOfSquares(tableau))
        {
            _code.Line($"{slot} = {value};");
            return;
        }
        string local = g.Local(ErrorLocal + j);
        _code.Line($"{_v} {local} = {value};");
        _code.Line($"{slot} = {local};");
    }

    /// <summary>Each group's sum over the components, the groups' statements alternating per component (the pair
    /// kernels' interleaving); <paramref name="z"/>, <paramref name="zNew"/> and <paramref name="error"/> name a group's
    /// component j.</summary>
    private void EmitSumOfSquares(ButcherTableau tableau, IReadOnlyList<PairGroup> groups, Func<PairGroup, int, string> z,
        Func<PairGroup, int, string> zNew, Func<PairGroup, int, string> error)
    {
        if (!WritesSumOfSquares(tableau)) return;
        _code.Line("// The RMS norm's sum of squares Σ(e/sc)², sc = atol + rtol·max(|z|, |zNew|): ErrorNorm's operations in its order.");
        _code.Begin();
        foreach (PairGroup g in groups) _code.Line($"{_v} {g.Local("sum")} = {_target.Zero};");
        for (int j = 0; j < N; j++)
            foreach (PairGroup g in groups) SumTerm(g.Local("sum"), z(g, j), zNew(g, j), error(g, j), $"atol[{j}]", $"rtol[{j}]");
        foreach (PairGroup g in groups) _code.Line($"sumOfSquares[{g.Offset}] = {g.Local("sum")};");
        _code.Close();
    }

    /// <summary>The loop form's sum: the same terms over the buffers in a loop.</summary>
    private void EmitLoopSumOfSquares(ButcherTableau tableau)
    {
        if (!WritesSumOfSquares(tableau)) return;
        _code.Line("// The RMS norm's sum of squares Σ(e/sc)², sc = atol + rtol·max(|z|, |zNew|): ErrorNorm's operations in its order.");
        _code.Begin();
        _code.Line($"{_v} sum = {_target.Zero};");
        _code.Open($"for (int j = 0; j < {N}; j++)");
        SumTerm("sum", "z[j]", "zNew[j]", "error[j]", "atol[j]", "rtol[j]");
        _code.Close();
        _code.Line("sumOfSquares[0] = sum;");
        _code.Close();
    }

    /// <summary>sum += r·r, r = e / (atol + rtol·max(|z|, |zNew|)) with max as ErrorNorm selects it (a &gt; b ? a : b).</summary>
    private void SumTerm(string sum, string z, string zNew, string error, string atol, string rtol)
    {
        _code.Begin();
        _code.Line($"{_v} a = {_target.Call("Abs", z)}, b = {_target.Call("Abs", zNew)};");
        _code.Line($"{_v} r = {error} / ({atol} + {rtol} * {_target.Select(_target.Call("GreaterThan", "a", "b"), "a", "b")});");
        _code.Line($"{sum} += r * r;");
        _code.Close();
    }
}
