using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The lane step VJPs with time terms (TryLaneStepVjpWithTime): the scalar StepVjpWithTime{Name}'s ∂L/∂h and
/// Σ vᵀ∂f/∂t, per lane, with the same terms in the same order (see the TimeTerms part of
/// <see cref="FusedStepEmitter"/>): from gradH = 0, gradH = fma(bᵢ, adjointOutᵀkᵢ, gradH) ascending, then per stage in
/// descending order fma(a_il, inputBarᵢᵀk_l, ·) ascending and fma(cᵢ, tBarᵢ, ·); gradT = 0 + Σ tBarᵢ descending.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>x₀·k_l[0], then fma(x_j, k_l[j], ·) per lane (<see cref="FusedSums.Sum"/>).</summary>
    private string Dot(Func<int, string> x, int l, Func<int, int, string> stage) =>
        _target.Sums.Sum(Enumerable.Range(0, N).Select(j => (x(j), stage(l, j))));

    /// <summary>gradH = 0, gradT = 0, then gradH += bᵢ·(adjointOutᵀkᵢ) for ascending i with bᵢ ≠ 0.</summary>
    private void OutputTimeTerms(ButcherTableau tableau, Func<int, string> adjointOut, Func<int, int, string> stage)
    {
        _code.Line("// Time terms: ∂L/∂h of zNew = z + h·Σ b[i]·k[i] first (ascending i), then per stage below.");
        _code.Line($"gradH = {_target.Zero};");
        _code.Line($"gradT = {_target.Zero};");
        for (int i = 0; i < tableau.Stages; i++)
            if (Coefficient(tableau.B[i]) is string b)
                _code.Line(_target.Sums.Accumulate("gradH", b, Dot(adjointOut, i, stage)));
    }

    /// <summary>After stage i's VJP: gradH += a_il·(ibᵀk_l) for ascending l, gradT += tBar, gradH += cᵢ·tBar.</summary>
    private void StageTimeTerms(ButcherTableau tableau, int i, Func<int, int, string> stage)
    {
        for (int l = 0; l < i; l++)
            if (Coefficient(tableau[i, l]) is string a)
                _code.Line(_target.Sums.Accumulate("gradH", a, Dot(j => $"ib{j}", l, stage)));
        _code.Line("gradT += tBar;");
        _code.Line(_target.Sums.Accumulate("gradH", _target.Broadcast(Literals.Double(tableau.C[i])), "tBar"));
    }
}
