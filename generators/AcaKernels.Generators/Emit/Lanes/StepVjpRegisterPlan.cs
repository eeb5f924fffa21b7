using System.Collections.Generic;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Which values a lane step VJP hands from one stage to another stay in vector locals and which go through scratch.
/// The hand-over values are the replay's stage values kₗ (read by later stage sums), the stage inputs yᵢ (read by
/// stage i's reverse) and the reverse's input adjoints inputBarᵢ (read by the earlier stages' kBar). Through
/// scratch each costs a store and, on the dependency chain of the next stage, a store-to-load round trip; in
/// locals nothing, as long as the JIT's allocator can keep them in registers. Given all of them as locals (§B in
/// benchmarks/RESULTS.md) it could not: 15 inputs alive from the replay's start to the reverse's end outnumber
/// the 32 vector registers beside the stage temporaries, and it spilled the short-lived temporaries instead. So the
/// plan picks the values with the shortest live ranges first (live range: from the stage event that writes one to
/// the last that reads it, on the timeline replay stage 0 … s−1, then reverse stage s−1 … 0) while at no event
/// more than <see cref="ReplayBudget"/> (in the replay) or <see cref="ReverseBudget"/> (in the reverse) vectors of
/// the plan are alive; the rest stay in scratch, read back as memory operands. An input adjoint that no earlier stage reads (stage 0's, say) is not kept at all.
/// </summary>
internal sealed class StepVjpRegisterPlan
{
    /// <summary>Vectors the plan may keep alive at once in the replay: of the 32 vector registers, a replay stage of a
    /// small system holds h, the state, θ, f's temporaries and the tableau's broadcast coefficients (which the JIT
    /// keeps in registers too).</summary>
    public const int ReplayBudget = 15;

    /// <summary>The same in the reverse, where a stage holds ~12 temporaries (kBar, inputBar, f's adjoints) besides h,
    /// adjointIn and ∂L/∂θ. With 12 here the JIT spilled at the last stages on Lorenz (RESULTS.md §13).</summary>
    public const int ReverseBudget = 9;

    private readonly HashSet<(Kind, int)> _locals;

    private StepVjpRegisterPlan(HashSet<(Kind, int)> locals, bool adjointInInLocals) =>
        (_locals, AdjointInInLocals) = (locals, adjointInInLocals);

    /// <summary>
    /// Whether adjointIn's n accumulators stay in locals through the reverse (n ≤ <see cref="ReverseBudget"/>), or
    /// accumulate in scratch. They are read once per stage, so in registers they only pay where they are few: for the
    /// planar three-body problem (n = 12) the JIT kept all twelve in registers for the whole reverse and spilled
    /// every short-lived value of the stage VJPs at its definition instead (≈ 600 spill stores, a 29 KB frame).
    /// </summary>
    public bool AdjointInInLocals { get; }

    /// <summary>
    /// Whether each stage VJP prints its seeds and input adjoints where it first needs them and consumes the input adjoints
    /// where it last writes them (<see cref="StageVjpLiveRanges"/>), for systems with more than <see cref="ReverseBudget"/>
    /// components; the small ones (Lorenz) keep every seed and accumulator at the stage's top, as their kernels were measured.
    /// </summary>
    public bool SeedsAtFirstUse => !AdjointInInLocals;

    /// <summary>
    /// Whether adjointIn, kept in scratch (<see cref="AdjointInInLocals"/> false), is summed once in the reverse's last
    /// stage, adjointOutⱼ + inputBarⱼ of each stage in the reverse's order, from the input adjoints the stages store anyway
    /// for the earlier stages' seeds, instead of a load, add and store per stage and component: the same additions in the
    /// same order. On the planar three-body problem that is 72 read-modify-writes of scratch fewer per call
    /// (benchmarks/RESULTS.md §33).
    /// </summary>
    public bool SumsAdjointInLast => !AdjointInInLocals;

    private enum Kind { Input, Stage, InputBar }

    /// <summary>Whether stage i's input yᵢ stays in its replay local.</summary>
    public bool InputInLocal(int i) => _locals.Contains((Kind.Input, i));

    /// <summary>Whether stage l's value kₗ stays in its replay local.</summary>
    public bool StageInLocal(int l) => _locals.Contains((Kind.Stage, l));

    /// <summary>Whether stage i's input adjoint stays in a local (or, when nothing reads it, is not kept).</summary>
    public bool InputBarInLocal(int i) => _locals.Contains((Kind.InputBar, i));

    /// <summary>The plan of a single-group kernel of <paramref name="tableau"/> for a system of <paramref name="n"/>
    /// components. With time terms the stage values are read again in the reverse and stay in scratch.</summary>
    public static StepVjpRegisterPlan For(ButcherTableau tableau, (bool[] Influences, bool[] NeedInput, bool[] NeedStage) needs,
        int n, bool timeTerms)
    {
        int s = tableau.Stages;
        int Reverse(int i) => 2 * s - 1 - i;
        var ranges = new List<(Kind Kind, int Stage, int First, int Last)>();
        var locals = new HashSet<(Kind, int)>();
        for (int i = 1; i < s; i++)
            if (needs.Influences[i]) ranges.Add((Kind.Input, i, i, Reverse(i)));
        if (!timeTerms)
            for (int l = 0; l < s; l++)
            {
                if (!needs.NeedStage[l]) continue;
                int last = -1;
                for (int i = l + 1; i < s; i++)
                    if (needs.NeedInput[i] && tableau[i, l] != 0) last = i;
                if (last >= 0) ranges.Add((Kind.Stage, l, l, last));
            }
        for (int i = 0; i < s; i++)
        {
            if (!needs.Influences[i]) continue;
            int first = -1;
            for (int l = i - 1; l >= 0; l--)
                if (needs.Influences[l] && tableau[i, l] != 0) first = l;
            if (first < 0) locals.Add((Kind.InputBar, i));
            else ranges.Add((Kind.InputBar, i, Reverse(i), Reverse(first)));
        }
        var alive = new int[2 * s];
        foreach (var range in ranges.OrderBy(r => r.Last - r.First).ThenBy(r => r.First))
        {
            bool fits = true;
            for (int e = range.First; e <= range.Last && fits; e++) fits = alive[e] + n <= (e < s ? ReplayBudget : ReverseBudget);
            if (!fits) continue;
            for (int e = range.First; e <= range.Last; e++) alive[e] += n;
            locals.Add((range.Kind, range.Stage));
        }
        return new StepVjpRegisterPlan(locals, n <= ReverseBudget);
    }
}
