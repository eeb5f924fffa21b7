using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Lane step VJPs (the ACA backward of one accepted step), the lane twins of the scalar register kernels
/// (FusedStepEmitter.EmitRegisterStepVjp), each one method: the replay of the stages whose inputs or values the reverse
/// needs (into scratch), then the reverse stage by stage in descending order, gathering kBarᵢ = (h·bᵢ)·adjointOut +
/// Σ (h·a_li)·inputBar_l over later l in the scalar order and running f's VJP IR inline in lane form (where the replay
/// kept f's roots and quotients, the stage VJP reads them back from scratch). Only straight-line systems whose kernel
/// fits (RegisterForm.FitsLaneStepVjp; with time terms RegisterForm.Fits) get them; the others get the loop kernels
/// (see the RegisterLoopStepVjp part).
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    private VjpFunction? _vjp, _vjpWithTime;

    /// <summary>The tableaus that get a lane step VJP (none without a printable straight-line VJP).</summary>
    private FusedTableau[] StepVjpTableaus(IReadOnlyList<FusedTableau> tableaus)
    {
        if (_registers is not { } form) return [];
        _vjp ??= form.Vjp(timeGradient: false);
        if (!Printable(_vjp)) return [];
        return tableaus.Where(tb => form.FitsLaneStepVjp(tb.Tableau)).ToArray();
    }

    /// <summary>The VJP that also accumulates ∂/∂t, for the kernels with time terms; null when it does not print
    /// in lane form (the with-time hook then keeps its default, false).</summary>
    private VjpFunction? VjpWithTime()
    {
        _vjpWithTime ??= _registers!.Vjp(timeGradient: true);
        return Printable(_vjpWithTime) ? _vjpWithTime : null;
    }

    private static bool Printable(VjpFunction vjp) => vjp.TapeType == ScalarType.Double && LaneSupport.CanPrint(vjp.Function);

    /// <summary>The lane step-VJP hook (see <see cref="TableauDispatch"/>).</summary>
    private void EmitStepVjpDispatch(FusedTableau[] tableaus)
    {
        _code.Line();
        TableauDispatch.Emit(_code, "TryLaneStepVjp", $"{_v} t, {_v} h, {_ros} z, {_ros} p, {_ros} adjointOut, {_span} adjointIn, {_span} gradP, {_span} scratch",
            "StepVjpLanes", "t, h, z, p, adjointOut, adjointIn, gradP, scratch", tableaus);
    }

    /// <remarks>With <paramref name="timeTerms"/> this writes StepVjpWithTimeLanes{Name} (<paramref name="vjp"/> then
    /// accumulates ∂/∂t), the lane twin of the scalar StepVjpWithTime{Name}: ∂L/∂h and Σ vᵀ∂f/∂t per lane in the
    /// scalar kernel's order (see <see cref="FusedStepEmitter"/>'s TimeTerms part).</remarks>
    private void EmitRegisterStepVjp(ButcherTableau tableau, RegisterForm form, VjpFunction vjp, bool timeTerms = false)
    {
        int n = N, m = _function.ParameterSize;
        var needs = new FusedStepEmitter(ScalarType.Double, n, _code).Needs(tableau, timeTerms);
        _code.Line();
        string name = (timeTerms ? "StepVjpWithTimeLanes" : "StepVjpLanes") + tableau.Name;
        string outputs = timeTerms ? $", out {_v} gradH, out {_v} gradT" : "";
        _code.Line("/// <summary>Replay and reverse of one step in one method (stage inputs, values and input adjoints in locals or scratch, by live range).</summary>");
        _code.Open($"private static void {name}({_v} t, {_v} h, {_ros} z, {_ros} p, {_ros} adjointOut, {_span} adjointIn, {_span} gradP, {_span} scratch{outputs})");
        Check("z", n);
        Check("p", m);
        Check("adjointOut", n);
        Check("adjointIn", n);
        Check("gradP", m);
        KeptValues? kept = KeptFor(vjp);
        var plan = StepVjpRegisterPlan.For(tableau, needs, n, timeTerms);
        List<(int Stage, int Later)> scales = StepScalePairs(tableau, needs.Influences, plan.SeedsAtFirstUse);
        int scalesOffset = RegisterKeptOffset(tableau) + (kept?.Count ?? 0) * tableau.Stages;
        Check("scratch", kept is null && scales.Count == 0 ? 3 * tableau.Stages * n : scalesOffset + scales.Count);
        var slots = new Dictionary<(int, int), int>();
        foreach ((int Stage, int Later) pair in scales) slots.Add(pair, scalesOffset + slots.Count);
        var reads = new HashSet<int>?[tableau.Stages];
        for (int i = 0; i < tableau.Stages; i++)
            reads[i] = StageInputReads.Of(Keeps(kept, needs, i) ? kept!.Vjp : vjp);
        EmitBody(tableau, form, vjp, needs, new VjpGroup(tableau.Stages, n, plan, kept, RegisterKeptOffset(tableau), slots, reads,
            Array.IndexOf(needs.Influences, true)), timeTerms);
        _code.Close();
    }

    /// <summary>Loads, replay, reverse and stores of the lane group <paramref name="g"/>.</summary>
    private void EmitBody(ButcherTableau tableau, RegisterForm form, VjpFunction vjp,
        (bool[] Influences, bool[] NeedInput, bool[] NeedStage) needs, VjpGroup g, bool timeTerms)
    {
        EmitLoads(form, g);
        _code.Line("// Replay of the stages whose inputs or values the reverse needs (the trial step's arithmetic).");
        for (int i = 0; i < tableau.Stages; i++) EmitReplayStage(tableau, form, g, i, needs);
        EmitReverseStart(tableau, form, g, timeTerms);
        for (int i = tableau.Stages - 1; i >= 0; i--)
            if (needs.Influences[i]) EmitReverseStage(tableau, form, vjp, g, i, needs.Influences, timeTerms, Keeps(g, needs, i));
        EmitStores(form, g);
    }

    /// <summary>The inputs into locals: h, the state and the parameters f reads.</summary>
    private void EmitLoads(RegisterForm form, VjpGroup g)
    {
        _code.Line($"{_v} {g.HT} = {g.H};");
        if (!g.Plan.SeedsAtFirstUse) _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, N).Select(j => $"{g.State(j)} = {g.Z}[{j}]")) + ";");
        if (form.UsedParameters.Length != 0)
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"{g.Parameter(q)} = {g.P}[{q}]")) + ";");
    }

    /// <summary>A parameter as f's body reads it: the local where it was loaded, else the span.</summary>
    private static string ParameterOf(RegisterForm form, VjpGroup g, int q) =>
        form.UsedParameters.Contains(q) ? g.Parameter(q) : $"{g.P}[{q}]";

    /// <summary>Stage i of the replay, when the reverse reads its input or a later input (or the time terms) its
    /// value: the input in the trial step's arithmetic, then f at it, each in a local.</summary>
    private void EmitReplayStage(ButcherTableau tableau, RegisterForm form, VjpGroup g, int i, (bool[] Influences, bool[] NeedInput, bool[] NeedStage) needs)
    {
        if (i > 0 && !needs.NeedInput[i]) return;
        if (i > 0)
        {
            // A component neither f (replayed here) nor the stage's VJP reads is not computed; one the VJP does not read
            // is not handed over.
            bool Read(int j) => needs.Influences[i] && g.ReadsInput(i, j);
            for (int j = 0; j < N; j++)
            {
                if (!needs.NeedStage[i] && !Read(j)) continue;
                int column = j;
                _code.Line($"{_v} {g.ReplayInput(i, j)} = {_target.Sums.Advance(g.State(j), g.HT, StageSum(tableau, i, l => g.Stage(l, column)))};");
            }
            if (needs.Influences[i] && !g.Plan.InputInLocal(i))
                for (int j = 0; j < N; j++)
                    if (Read(j)) _code.Line($"{g.Input(i, j)} = {g.ReplayInput(i, j)};");
        }
        if (!needs.NeedStage[i]) return;
        // Stage 0 at t itself, as the trial step evaluates it; the others at t + c·h.
        ReplayStage(form, g, i, i == 0 ? g.T : StageTime(tableau, g, i), Keeps(g, needs, i));
        if (!g.Plan.StageInLocal(i))
            for (int j = 0; j < N; j++) _code.Line($"{g.Stage(i, j)} = {g.ReplayValue(i, j)};");
    }

    /// <summary>t + cᵢ·h of a group, as the trial step writes it.</summary>
    private string StageTime(ButcherTableau tableau, VjpGroup g, int i) =>
        $"{g.T} + {_target.Broadcast(Literals.Double(tableau.C[i]))} * {g.H}";

    /// <summary>Row i's fused sum over its nonzero coefficients, or 0: the trial step's sum, term for term.</summary>
    private string StageSum(ButcherTableau tableau, int i, Func<int, string> stage) =>
        _target.Sums.Row(i, l => Coefficient(tableau[i, l]), stage);

    /// <summary>f at stage i's input into the stage's value locals, in a block of its own.</summary>
    private void ReplayStage(RegisterForm form, VjpGroup g, int i, string time, bool keep)
    {
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, N).Select(j => $"{g.ReplayValue(i, j)} = {_target.Zero}")) + ";");
        _code.Begin();
        string timeName = g.T;
        if (form.UsesTime)
        {
            timeName = g.StageTime(i);
            _code.Line($"{_v} {timeName} = {time};");
        }
        var scope = new RegisterScope
        {
            State = j => i == 0 ? g.State(j) : g.ReplayInput(i, j),
            Parameter = q => ParameterOf(form, g, q),
            Output = j => g.ReplayValue(i, j),
            Time = timeName,
        };
        if (!keep)
        {
            EmitStraightBody(form, scope);
        }
        else
        {
            // The keeping replay (f, with the values its VJP computes again in locals of their own), then its kept values.
            KeptValues kept = g.Kept!;
            var replayNames = new UserNames(kept.Replay);
            EmitStraightBody(kept.Replay, replayNames, scope);
            var names = new ScalarExpressionWriter(kept.Replay, new RegisterScope(), replayNames);
            for (int k = 0; k < kept.Count; k++) _code.Line($"{g.KeptSlot(i, k)} = {names.Scalar(kept.Kept[k])};");
        }
        _code.Close();
    }

    /// <summary>Whether stage i's replay keeps f's values for the stage's VJP: f is replayed there and its VJP runs.</summary>
    private static bool Keeps(VjpGroup g, (bool[] Influences, bool[] NeedInput, bool[] NeedStage) needs, int i) =>
        Keeps(g.Kept, needs, i);

    private static bool Keeps(KeptValues? kept, (bool[] Influences, bool[] NeedInput, bool[] NeedStage) needs, int i) =>
        kept is not null && needs.NeedStage[i] && needs.Influences[i];

    /// <summary>The reverse's accumulators: adjointIn from adjointOut, ∂L/∂θ from gradP, and the time terms' start.</summary>
    private void EmitReverseStart(ButcherTableau tableau, RegisterForm form, VjpGroup g, bool timeTerms)
    {
        _code.Line("// Reverse, in the scalar kernel's order: kBar_i = (h·b_i)·adjointOut, plus (h·a_li)·inputBar_l over later");
        _code.Line("// stages l in descending order; inputBar_i = kBar_iᵀ∂f/∂y from 0.");
        if (g.Plan.AdjointInInLocals)
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, N).Select(j => $"{g.AdjointInAccumulator(j)} = {g.AdjointOutAt(j)}")) + ";");
        else if (!g.SumsAdjointInLast)
            for (int j = 0; j < N; j++) _code.Line($"{g.AdjointInAccumulator(j)} = {g.AdjointOutAt(j)};");
        if (form.UsedParameters.Length != 0)
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"{g.GradPLocal(q)} = {g.GradP}[{q}]")) + ";");
        if (timeTerms) OutputTimeTerms(tableau, g.AdjointOutAt, g.Stage);
        EmitStepScales(tableau, g);
    }

    /// <summary>Stage i's reverse: kBar_i, f's VJP at the stage input (inline), adjointIn += inputBar_i.</summary>
    private void EmitReverseStage(ButcherTableau tableau, RegisterForm form, VjpFunction vjp, VjpGroup g, int i, bool[] influences,
        bool timeTerms, bool keeps)
    {
        int s = tableau.Stages, n = N;
        _code.Line($"// Stage {i}.");
        bool inputBarRead = Enumerable.Range(0, i).Any(l => influences[l] && Coefficient(tableau[i, l]) is not null);
        if (g.Plan.InputBarInLocal(i) && inputBarRead)
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => g.InputBar(i, j))) + ";");
        _code.Begin();
        // Large systems print their seeds and input adjoints where the stage VJP needs them (StageVjpLiveRanges).
        bool shortLived = g.Plan.SeedsAtFirstUse;
        if (!shortLived)
        {
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"ib{j} = {_target.Zero}")) + ";");
            _code.Line($"{_v} hb = {g.HT} * {_target.Broadcast(Literals.Double(tableau.B[i]))};");
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"kb{j} = hb * {g.AdjointOutAt(j)}")) + ";");
        }
        var later = new List<int>();
        for (int l = s - 1; l > i; l--)
        {
            if (!influences[l] || Coefficient(tableau[l, i]) is not string a) continue;
            later.Add(l);
            if (shortLived) continue;
            _code.Line($"{_v} ha{l} = {g.HT} * {a};");
            for (int j = 0; j < n; j++) _code.Line(_target.Sums.Accumulate($"kb{j}", $"ha{l}", g.InputBar(l, j)));
        }
        // The stage's step scales into locals, once: read from scratch by every seed, each term cost a load of its own (the
        // JIT does not keep a span element across the stores between them).
        if (shortLived)
            _code.Line($"{_v} " + string.Join(", ", later.Prepend(-1).Select(l => $"{g.StepScaleLocal(i, l)} = {g.StepScale(i, l)}")) + ";");
        string timeName = g.T;
        if (form.UsesTime)
        {
            timeName = g.StageTime(i);
            _code.Line($"{_v} {timeName} = {StageTime(tableau, g, i)};");
        }
        int stage = i;
        if (keeps)
        {
            vjp = g.Kept!.Vjp;
            UserNames names = ScalarVjpPrinter.Names(vjp, form.Names.Scalars, form.Names.Arrays, vjp.Primal, form.Names);
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, g.Kept.Count).Select(k => $"{names.Scalars[g.Kept.Loads[k]]} = {g.KeptSlot(i, k)}")) + ";");
        }
        // An input adjoint no earlier stage reads is not kept, unless the plan puts it in scratch anyway.
        bool storeInputBar = inputBarRead || !g.Plan.InputBarInLocal(i);
        bool sums = g.SumsAdjointInLast, last = i == g.LastReverseStage;
        if (sums && last) storeInputBar = inputBarRead;
        // Summed last, every earlier reverse stage leaves its input adjoint in its scratch slot for the sum.
        bool storeSlot = sums && !last && g.InputBar(i, 0) != g.InputBarSlot(i, 0);
        void Finish(int j)
        {
            if (!sums) _code.Line($"{g.AdjointInAccumulator(j)} += ib{j};");
            else if (last) _code.Line($"{g.AdjointInAccumulator(j)} = {AdjointInSum(tableau, g, influences, j)} + ib{j};");
            if (storeInputBar) _code.Line($"{g.InputBar(i, j)} = ib{j};");
            if (storeSlot) _code.Line($"{g.InputBarSlot(i, j)} = ib{j};");
        }
        // The seed's terms in the order of the eager form: (h·bᵢ)·adjointOutⱼ, then fma((h·a_li), inputBar_lⱼ, ·) for
        // descending l.
        IEnumerable<string> Seed(int j, string local) =>
            later.Select(l => _target.Sums.Accumulate(local, g.StepScaleLocal(i, l), g.InputBar(l, j)))
                .Prepend($"{_v} {local} = {g.StepScaleLocal(i, -1)} * {g.AdjointOutAt(j)};");
        var liveRanges = shortLived ? new StageVjpLiveRanges(Seed, Finish) : null;
        bool printedByLiveRange = liveRanges is not null && StageVjpLiveRanges.Touches(vjp) is not null;
        if (shortLived && !printedByLiveRange)
        {
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"ib{j} = {_target.Zero}")) + ";");
            for (int j = 0; j < n; j++)
                foreach (string line in Seed(j, $"kb{j}")) _code.Line(line);
        }
        _used.UnionWith(LaneVjpPrinter.EmitRegisterBody(vjp, form.Names, new RegisterScope
        {
            State = j => g.Input(stage, j),
            Parameter = q => $"{g.P}[{q}]",
            Seed = j => $"kb{j}",
            GradState = j => $"ib{j}",
            GradParameter = q => g.GradPLocal(q),
            Time = timeName,
            TimeGradient = timeTerms,
        }, _target, _code, printedByLiveRange ? liveRanges : null));
        if (!printedByLiveRange && sums)
            for (int j = 0; j < n; j++) Finish(j);
        else if (!printedByLiveRange)
        {
            for (int j = 0; j < n; j++) _code.Line($"{g.AdjointInAccumulator(j)} += ib{j};");
            if (storeInputBar)
                for (int j = 0; j < n; j++) _code.Line($"{g.InputBar(i, j)} = ib{j};");
        }
        if (timeTerms) StageTimeTerms(tableau, i, g.Stage);
        _code.Close();
    }

    /// <summary>adjointOutⱼ plus the input adjoints of the reverse stages before the last, in the reverse's order (the
    /// order in which the stage-by-stage accumulator added them: the same sum).</summary>
    private static string AdjointInSum(ButcherTableau tableau, VjpGroup g, bool[] influences, int j)
    {
        string sum = g.AdjointOutAt(j);
        for (int l = tableau.Stages - 1; l > g.LastReverseStage; l--)
            if (influences[l]) sum = $"({sum} + {g.InputBarSlot(l, j)})";
        return sum;
    }

    /// <summary>adjointIn and ∂L/∂θ out of their locals.</summary>
    private void EmitStores(RegisterForm form, VjpGroup g)
    {
        for (int j = 0; j < N; j++) _code.Line($"{g.AdjointIn}[{j}] = {g.AdjointInAccumulator(j)};");
        foreach (int q in form.UsedParameters) _code.Line($"{g.GradP}[{q}] = {g.GradPLocal(q)};");
    }
}
