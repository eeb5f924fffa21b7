using System.Collections.Generic;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The step-scaled coefficients of a straight-line lane step VJP's reverse, h·bᵢ and h·a_li (kBarᵢ = (h·bᵢ)·adjointOut +
/// Σ (h·a_li)·inputBar_l), for systems whose stage VJPs print their seeds at first use (<see cref="StepVjpRegisterPlan.SeedsAtFirstUse"/>):
/// computed once at the reverse's start into scratch past the kept values, and loaded by each stage into locals (hbᵢ,
/// ha_l_i) for its seeds. Why: the JIT CSEs each coefficient's broadcast between the replay's stage sums and the reverse's
/// product with h and keeps it in a register from the replay until that reverse stage; on the planar three-body problem
/// five or more of the 32 registers held coefficients through the reverse while the stage VJPs spilled
/// (benchmarks/RESULTS.md §23). Written at the reverse's start, each coefficient dies there. Read from scratch at every
/// seed term, each term cost a load of its own; loaded once per stage, the stage's (at most s) scales live only through
/// that stage (§33). The products are the same operations as before: the same bits.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>The products the reverse reads, in slot order: (stage i, −1) for h·bᵢ, (stage i, later stage l) for
    /// h·a_li; none when the plan keeps the small systems' form.</summary>
    private List<(int Stage, int Later)> StepScalePairs(ButcherTableau tableau, bool[] influences, bool seedsAtFirstUse)
    {
        var pairs = new List<(int, int)>();
        if (!seedsAtFirstUse) return pairs;
        int s = tableau.Stages;
        for (int i = s - 1; i >= 0; i--)
        {
            if (!influences[i]) continue;
            pairs.Add((i, -1));
            for (int l = s - 1; l > i; l--)
                if (influences[l] && Coefficient(tableau[l, i]) is not null) pairs.Add((i, l));
        }
        return pairs;
    }

    /// <summary>Scratch vectors the step-scaled coefficients of <paramref name="tableau"/>'s register kernels take (with or
    /// without time terms, whichever needs more).</summary>
    private int StepScaleVectors(ButcherTableau tableau)
    {
        bool seedsAtFirstUse = N > StepVjpRegisterPlan.ReverseBudget;
        var emitter = new FusedStepEmitter(AcaKernels.Generators.Ir.ScalarType.Double, N, _code);
        return Math.Max(StepScalePairs(tableau, emitter.Needs(tableau, false).Influences, seedsAtFirstUse).Count,
            StepScalePairs(tableau, emitter.Needs(tableau, true).Influences, seedsAtFirstUse).Count);
    }

    /// <summary>Writes each product into its slot: hT·bᵢ and hT·a_li, as the stage locals hb and ha_l were.</summary>
    private void EmitStepScales(ButcherTableau tableau, VjpGroup g)
    {
        if (g.StepScales.Count == 0) return;
        _code.Line("// The reverse's step-scaled coefficients h·b_i and h·a_li, read by the seeds from scratch.");
        foreach (KeyValuePair<(int Stage, int Later), int> scale in g.StepScales)
        {
            string coefficient = scale.Key.Later < 0
                ? _target.Broadcast(Literals.Double(tableau.B[scale.Key.Stage]))
                : Coefficient(tableau[scale.Key.Later, scale.Key.Stage])!;
            _code.Line($"{g.StepScale(scale.Key.Stage, scale.Key.Later)} = {g.HT} * {coefficient};");
        }
    }
}
