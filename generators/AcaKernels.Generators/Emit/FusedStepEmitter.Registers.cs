using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Generators.Passes.Reverse;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The register form of the fused kernels (small states and bodies, see <see cref="RegisterForm"/>): z, the
/// parameters f reads, every stage input yᵢ and stage value kᵢ are scalar locals, f and its VJP are inlined as
/// straight-line code, and only what the contract asks for is stored. The arithmetic is the generic stepper's,
/// operation for operation: each weighted sum is written as fma(w₂, k₂, fma(w₁, k₁, (w₀·k₀))) and a state update as
/// fma(h, S, z) (<see cref="FusedSums"/>, the spec on ButcherTableau). In the backward, the input adjoints start at 0 and f's VJP adds
/// into them and into the parameter gradient locals in its own order, stage by stage in descending order, so
/// every sum is formed in the same order as by the generic path through gradP.
/// </summary>
internal sealed partial class FusedStepEmitter
{
    /// <summary>The weighted sum of a row, fused (<see cref="FusedSums.Row"/>).</summary>
    private string Sum(int count, Func<int, double> weight, Func<int, string> stage) =>
        Sums.Row(count, l => Coefficient(weight(l)), stage);

    private void Check(string name, int needed)
    {
        if (!_target.CheckLengths) return;
        code.Line($"if ({name}.Length < {needed}) throw new global::System.ArgumentException(\"{name} holds \" + {name}.Length + \" values; " +
            $"this kernel needs {needed}.\", nameof({name}));");
    }

    private void Declare(string names) => code.Line($"{_t} {names};");

    private string List(int count, Func<int, string> item) => string.Join(", ", Enumerable.Range(0, count).Select(item));

    private void LoadInputs(RegisterForm form)
    {
        Declare(List(n, j => $"z{j} = z[{j}]"));
        if (form.UsedParameters.Length != 0)
            Declare(string.Join(", ", form.UsedParameters.Select(k => $"p{k} = p[{k}]")));
    }

    /// <summary>Inlines f at stage <paramref name="i"/>: declares k{i}_j (0 where f leaves dz unwritten, as the
    /// register Evaluate does) and computes them from the inputs <paramref name="input"/>.</summary>
    /// <remarks>With <paramref name="kept"/>, the keeping replay's f (<see cref="KeptValues.Replay"/>), each kept value then
    /// stored at kept[<paramref name="keptOffset"/> + k].</remarks>
    private void InlineEvaluate(RegisterForm form, int i, string time, Func<int, string> input, KeptValues? kept = null, int keptOffset = 0)
    {
        Declare(List(n, j => $"k{i}_{j} = {Zero}"));
        code.Begin();
        string timeName = "t";
        if (form.UsesTime)
        {
            timeName = "tc" + i;
            code.Line($"{_t} {timeName} = {time};");
        }
        var scope = new RegisterScope { State = input, Output = j => $"k{i}_{j}", Time = timeName, MathCall = _target.MathCall };
        if (kept is null)
        {
            form.EmitEvaluate(code, scope);
        }
        else
        {
            var names = new UserNames(kept.Replay);
            var writer = new ScalarExpressionWriter(kept.Replay, scope, names);
            HashSet<AssignStmt> declaring = FirstAssignments.Find(kept.Replay.Body);
            ScalarStatementEmitter.DeclareLocals(kept.Replay, code, writer, declaring);
            new ScalarStatementEmitter(code, writer) { Declaring = declaring }.Emit(kept.Replay.Body);
            for (int k = 0; k < kept.Count; k++) code.Line($"{LoopReplayReuse.ArrayName}[{keptOffset + k}] = {writer.Scalar(kept.Kept[k])};");
        }
        code.Close();
    }

    /// <summary>Declares stage i's inputs y{i}_j = fma(h, Σ a[i,l]·k_l[j], z_j), one per line.</summary>
    private void StageInputs(ButcherTableau tableau, int i, Func<int, int, string> stage)
    {
        for (int j = 0; j < n; j++)
            code.Line($"{_t} y{i}_{j} = {Sums.Advance($"z{j}", "hT", Sum(i, l => tableau[i, l], l => stage(l, j)))};");
    }

    /// <summary>
    /// The register trial step. Every stage value kᵢ (k₀ loaded once) stays in a local that the later stage sums
    /// read; each is also stored to the stages buffer the contract fills, off the critical path. (Reading them back
    /// from the buffer put a store-to-load forwarding delay into every stage of the step's dependency chain; with
    /// AVX-512's 32 vector registers the JIT keeps Lorenz's 21 stage values without a spill, and the register form
    /// is only chosen for kernels small enough, see <see cref="RegisterForm"/>.)
    /// </summary>
    public void EmitRegisterTrialStep(ButcherTableau tableau, RegisterForm form)
    {
        int s = tableau.Stages;
        code.Open($"private static void TrialStep{tableau.Name}(double t, double h, {ReadOnly} z, " +
            $"{ReadOnly} p, {Writable} stages, {Writable} zNew, " +
            $"{Writable} error, {Writable} error2)");
        Check("z", n);
        Check("p", form.Straight.ParameterSize);
        Check("stages", s * n);
        Check("zNew", n);
        if (tableau.Error is not null) Check("error", n);
        if (tableau.Error2 is not null) Check("error2", n);
        code.Line($"{_t} hT = ({_t})h;");
        LoadInputs(form);
        Func<int, int, string> stored = (l, j) => $"stages[{l * n + j}]";
        Func<int, int, string> k = (l, j) => $"k{l}_{j}";
        Declare(List(n, j => $"k0_{j} = {stored(0, j)}"));
        for (int i = 1; i < s; i++)
        {
            code.Line($"// Stage {i}: y = z + h·Σ a[{i},l]·k[l], k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y).");
            StageInputs(tableau, i, k);
            int row = i;
            InlineEvaluate(form, i, StageTime(tableau.C[i]), j => $"y{row}_{j}");
            for (int j = 0; j < n; j++) code.Line($"{stored(i, j)} = k{i}_{j};");
        }
        if (tableau.IsFsal)
        {
            code.Line("// New state: the last stage's input (FSAL).");
            for (int j = 0; j < n; j++) code.Line($"zNew[{j}] = y{s - 1}_{j};");
        }
        else
        {
            code.Line("// New state.");
            for (int j = 0; j < n; j++) code.Line($"zNew[{j}] = {Sums.Advance($"z{j}", "hT", Sum(s, l => tableau.B[l], l => k(l, j)))};");
        }
        if (tableau.Error is { } e)
        {
            code.Line("// Error estimate h·Σ e[l]·k[l].");
            for (int j = 0; j < n; j++) code.Line($"error[{j}] = hT * {Sum(s, l => e[l], l => k(l, j))};");
        }
        if (tableau.Error2 is { } e2)
        {
            code.Line("// Secondary error estimate.");
            for (int j = 0; j < n; j++) code.Line($"error2[{j}] = hT * {Sum(s, l => e2[l], l => k(l, j))};");
        }
        code.Close();
    }

    /// <summary>
    /// The register backward of a step. The replay keeps each stage's input and value in locals while it runs
    /// and parks only the inputs the reverse reads in scratch (the generic layout's input block; the stage values
    /// are needed by no one after the replay). The reverse runs stage by stage in descending order: it gathers the
    /// stage adjoint kBarᵢ in locals from adjointOut and the later stages' input adjoints (pulling them, in the
    /// order the generic stepper pushes them), then runs the VJP inline. The input adjoints ib{i}_j stay in locals
    /// from the stage that computes them to the earlier stages that pull them (through scratch, each pull waited
    /// on a store-to-load forwarding on the adjoint's dependency chain); the parameter gradient stays in locals
    /// throughout.
    /// </summary>
    /// <remarks>With <paramref name="timeTerms"/> this writes StepVjpWithTime{Name}, which also gives ∂L/∂h and
    /// Σ vᵀ∂f/∂t (see FusedStepEmitter.TimeTerms): it inlines the VJP that accumulates ∂/∂t, and replays through
    /// ReplayWithTime{Name}, which also parks the stage values (the h terms' dot products read them) and runs the
    /// stages the b terms need.</remarks>
    public void EmitRegisterStepVjp(ButcherTableau tableau, RegisterForm form, bool timeTerms = false)
    {
        int s = tableau.Stages;
        (bool[] influences, bool[] needInput, bool[] needStage) = Needs(tableau, timeTerms);
        int m = form.Straight.ParameterSize;
        Func<int, int, string> y = (i, j) => i == 0 ? $"z[{j}]" : $"scratch[{i * n + j}]";

        string replay = (timeTerms ? "ReplayWithTime" : "Replay") + tableau.Name;
        // On the CPU the replay keeps, per stage whose f it evaluates and whose VJP runs, the values that VJP would compute
        // again (ReplayReuse: roots, quotients and calls nested in f's statements), in a stack array of the step.
        KeptValues? kept = _target.KeepsReplayValues ? form.Kept(timeTerms) : null;
        bool Keeps(int stage) => kept is not null && needStage[stage] && influences[stage];
        bool keeping = Enumerable.Range(0, s).Any(Keeps);
        EmitRegisterReplay(tableau, form, replay, influences, needInput, needStage, storeStages: timeTerms, keeping ? kept : null);
        code.Line();

        code.Open($"private static void {StepVjpName(tableau, timeTerms)}(double t, double h, {ReadOnly} z, " +
            $"{ReadOnly} p, {ReadOnly} adjointOut, {Writable} adjointIn, " +
            $"{Writable} gradP, {Writable} scratch{TimeOutputs(timeTerms)})");
        Check("z", n);
        Check("p", m);
        Check("adjointOut", n);
        Check("adjointIn", n);
        Check("gradP", m);
        Check("scratch", 3 * s * n);
        string keptArray = LoopReplayReuse.ArrayName;
        // Every slot a stage VJP reads is written by the replay first.
        if (keeping) code.Line($"{Writable} {keptArray} = stackalloc {_t}[{s * kept!.Count}];");
        code.Line($"{replay}(t, h, z, p, scratch{(keeping ? ", " + keptArray : "")});");
        code.Line($"{_t} hT = ({_t})h;");
        code.Line("// Reverse: zNew = z + h·Σ b[i]·k[i], so kBar_i starts at (h·b_i)·adjointOut; each later stage's");
        code.Line("// inputBar adds (h·a_il)·inputBar to kBar_l. Stage l gathers its kBar just before its VJP, adding the");
        code.Line("// later stages' inputBars in descending order (the order the generic stepper scatters them in).");
        Declare(List(n, j => $"ai{j} = adjointOut[{j}]"));
        if (form.UsedParameters.Length != 0)
            Declare(string.Join(", ", form.UsedParameters.Select(q => $"gp{q} = gradP[{q}]")));
        if (timeTerms) OutputTerms(tableau, RegisterTerm(s * n, stage: -1));
        for (int i = s - 1; i >= 0; i--)
        {
            if (!influences[i]) continue;
            code.Line($"// Stage {i}: kBar{i} = (h·b{i})·adjointOut + Σ (h·a[l,{i}])·inputBar_l over later l; inputBar{i} = kBar{i}ᵀ∂f/∂y from 0.");
            Declare(List(n, j => $"ib{i}_{j} = {Zero}"));
            code.Begin();
            code.Line($"{_t} hb = hT * {Literals.Coefficient(type, tableau.B[i])};");
            Declare(List(n, j => $"kb{j} = hb * adjointOut[{j}]"));
            for (int l = s - 1; l > i; l--)
            {
                if (!influences[l] || Coefficient(tableau[l, i]) is not string a) continue;
                code.Line($"{_t} ha{l} = hT * {a};");
                for (int j = 0; j < n; j++) code.Line(Sums.Accumulate($"kb{j}", $"ha{l}", $"ib{l}_{j}"));
            }
            string timeName = "t";
            if (form.UsesTime)
            {
                timeName = "tc" + i;
                code.Line($"{_t} {timeName} = {StageTime(tableau.C[i])};");
            }
            int stage = i;
            var scope = new RegisterScope
            {
                State = j => y(stage, j),
                Parameter = q => $"p[{q}]",
                Seed = j => $"kb{j}",
                GradState = j => $"ib{stage}_{j}",
                GradParameter = q => $"gp{q}",
                Time = timeName,
                TimeGradient = timeTerms,
                MathCall = _target.MathCall,
            };
            if (!Keeps(i))
            {
                form.EmitVjp(code, scope);
            }
            else
            {
                VjpFunction vjp = kept!.Vjp;
                UserNames names = ScalarVjpPrinter.Names(vjp, form.Names.Scalars, form.Names.Arrays, vjp.Primal, form.Names);
                Declare(List(kept.Count, k => $"{names.Scalars[kept.Loads[k]]} = {keptArray}[{i * kept.Count + k}]"));
                ScalarVjpPrinter.EmitRegisterBody(vjp, form.Names, scope, code);
            }
            for (int j = 0; j < n; j++) code.Line($"ai{j} += ib{i}_{j};");
            if (timeTerms) StageTerms(tableau, i, RegisterTerm(s * n, stage), "tBar");
            code.Close();
        }
        for (int j = 0; j < n; j++) code.Line($"adjointIn[{j}] = ai{j};");
        foreach (int q in form.UsedParameters) code.Line($"gradP[{q}] = gp{q};");
        code.Close();
    }

    /// <summary>The replay method <paramref name="name"/>: runs the stages whose inputs or values the backward
    /// needs and parks in scratch the inputs the reverse reads, and with <paramref name="storeStages"/> the stage
    /// values too (after the inputs, the generic layout).</summary>
    /// <remarks>With <paramref name="kept"/> it also takes the kept array and fills stage i's slots [i·count, (i + 1)·count)
    /// for each stage whose f it evaluates and whose VJP runs.</remarks>
    private void EmitRegisterReplay(ButcherTableau tableau, RegisterForm form, string name, bool[] influences, bool[] needInput,
        bool[] needStage, bool storeStages, KeptValues? kept)
    {
        KeptValues? KeptAt(int i) => needStage[i] && influences[i] ? kept : null;
        int s = tableau.Stages;
        Func<int, int, string> y = (i, j) => $"scratch[{i * n + j}]";
        Func<int, int, string> stored = (l, j) => $"scratch[{(s + l) * n + j}]";
        Func<int, int, string> k = (l, j) => $"k{l}_{j}";
        // The replay is a method of its own: the JIT then keeps neither the tableau constants it shares with the
        // reverse nor any of its values live across the reverse (in one method they were held and spilled).
        code.Line("/// <summary>Replays the stages of a step whose inputs or values StepVjp needs into scratch.</summary>");
        if (_target.SeparateReplay)
            code.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
        code.Open($"private static void {name}(double t, double h, {ReadOnly} z, " +
            $"{ReadOnly} p, {Writable} scratch{(kept is null ? "" : $", {Writable} {LoopReplayReuse.ArrayName}")})");
        code.Line($"{_t} hT = ({_t})h;");
        LoadInputs(form);
        if (needStage[0])
        {
            InlineEvaluate(form, 0, $"({_t})t", j => $"z{j}", KeptAt(0), 0);
            if (storeStages)
                for (int j = 0; j < n; j++) code.Line($"{stored(0, j)} = k0_{j};");
        }
        for (int i = 1; i < s; i++)
        {
            if (!needInput[i]) continue;
            StageInputs(tableau, i, k);
            int row = i;
            if (influences[i])
                for (int j = 0; j < n; j++) code.Line($"{y(i, j)} = y{i}_{j};");
            if (!needStage[i]) continue;
            InlineEvaluate(form, i, StageTime(tableau.C[i]), j => $"y{row}_{j}", KeptAt(i), i * (kept?.Count ?? 0));
            if (storeStages)
                for (int j = 0; j < n; j++) code.Line($"{stored(i, j)} = k{i}_{j};");
        }
        code.Close();
    }
}
