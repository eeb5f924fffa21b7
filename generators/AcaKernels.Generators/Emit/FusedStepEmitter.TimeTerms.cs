using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The time terms of a step's backward, for the kernels StepVjpWithTime{Name} behind TryFusedStepVjpWithTime: ∂L/∂h
/// and Σ vᵀ∂f/∂t over the stages, as the generic RungeKuttaStepper.StepVjp with timeGradients forms them, term for
/// term and in its order. gradH starts at 0 and takes gradH = fma(bᵢ, adjointOutᵀkᵢ, gradH) for ascending i with
/// bᵢ ≠ 0 (in T); then, stage by stage in descending order after the stage's VJP, fma(a_il, inputBarᵢᵀk_l, ·) for
/// ascending l with a_il ≠ 0, and fma(cᵢ, tBarᵢ, ·) (every stage that gets a VJP, cᵢ = 0 included: 0·tBar is not
/// always +0). gradT starts at 0 and adds tBarᵢ in the same descending order. Each dot product is x₀y₀, then
/// fma(xⱼ, yⱼ, ·) in ascending j, as the generic Dot (see <see cref="FusedSums"/>). The kernels write straight into their out parameters gradH and gradT (reserved names, see
/// <see cref="GeneratedNames"/>), which no user local can shadow.
/// </summary>
internal sealed partial class FusedStepEmitter
{
    /// <summary>The name of the step-VJP kernel of <paramref name="tableau"/>, with or without time terms.</summary>
    internal static string StepVjpName(ButcherTableau tableau, bool timeTerms) =>
        (timeTerms ? "StepVjpWithTime" : "StepVjp") + tableau.Name;

    private string TimeOutputs(bool timeTerms) => timeTerms ? $", out {_t} gradH, out {_t} gradT" : "";

    /// <summary>The seed of a term of ∂L/∂h: adjointOut (for the b terms) or the stage's input adjoint.</summary>
    private enum Seed { AdjointOut, InputBar }

    /// <summary>gradH = 0, gradT = 0, then the terms of zNew = z + h·Σ bᵢkᵢ: gradH += bᵢ·(adjointOutᵀkᵢ).</summary>
    private void OutputTerms(ButcherTableau tableau, Action<string, Seed, int> term)
    {
        code.Line("// Time terms: ∂L/∂h of zNew = z + h·Σ b[i]·k[i] first (ascending i), then per stage below.");
        code.Line($"gradH = {Zero};");
        code.Line($"gradT = {Zero};");
        for (int i = 0; i < tableau.Stages; i++)
            if (Coefficient(tableau.B[i]) is string b) term(b, Seed.AdjointOut, i);
    }

    /// <summary>After stage i's VJP: gradH += a_il·(inputBarᵀk_l) over ascending l, then the stage time's share
    /// (gradT += tBar, gradH += cᵢ·tBar).</summary>
    private void StageTerms(ButcherTableau tableau, int i, Action<string, Seed, int> term, string timeBar)
    {
        for (int l = 0; l < i; l++)
            if (Coefficient(tableau[i, l]) is string a) term(a, Seed.InputBar, l);
        code.Line($"gradT += {timeBar};");
        code.Line(Sums.Accumulate("gradH", Literals.Coefficient(type, tableau.C[i]), timeBar));
    }

    /// <summary>Register form: gradH = fma(w, x₀·k_l[0] then fma(x_j, k_l[j], ·), gradH), one line (x: adjointOut or
    /// stage <paramref name="stage"/>'s ib locals; stages in scratch).</summary>
    private Action<string, Seed, int> RegisterTerm(int stagesOffset, int stage) => (w, seed, l) =>
        code.Line(Sums.Accumulate("gradH", w, Sums.Sum(Enumerable.Range(0, n).Select(j =>
            (seed == Seed.AdjointOut ? $"adjointOut[{j}]" : $"ib{stage}_{j}", $"scratch[{stagesOffset + l * n + j}]")))));

    /// <summary>Loop form: the same sum by a loop (dot = x[0]·k_l[0]; dot = fma(x[j], k_l[j], dot)), then
    /// gradH = fma(w, dot, gradH).</summary>
    private Action<string, Seed, int> LoopTerm => (w, seed, l) =>
    {
        string x = seed == Seed.AdjointOut ? "adjointOut" : "inputBar";
        code.Begin();
        code.Line($"{_t} dot = {x}[0] * k{l}[0];");
        ForEachComponent(Sums.Accumulate("dot", x + "[j]", $"k{l}[j]"), first: 1);
        code.Line(Sums.Accumulate("gradH", w, "dot"));
        code.Close();
    };

    /// <summary>The loop form's output terms (stages in the spans k{i}).</summary>
    private void LoopOutputTerms(ButcherTableau tableau) => OutputTerms(tableau, LoopTerm);

    /// <summary>The loop form's terms of stage i (its input adjoint in the span inputBar).</summary>
    private void LoopStageTerms(ButcherTableau tableau, int i, string timeBar) => StageTerms(tableau, i, LoopTerm, timeBar);
}
