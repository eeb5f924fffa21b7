using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes fused Runge-Kutta kernels for one adaptive tableau: a trial step and the ACA backward of a step (plain,
/// and with the time terms ∂L/∂h and Σ vᵀ∂f/∂t, see the TimeTerms part), with the tableau's coefficients as literals
/// and zero coefficients dropped at generation time. The arithmetic per
/// component is exactly that of RungeKuttaStepper's generic TrialStep and StepVjp (the sums of the spec on
/// ButcherTableau, printed through <see cref="FusedSums"/>: acc = a·k of the first term, acc = fma(a, k, acc) in
/// ascending stage order, fma(h, acc, z); stage times (T)(t + c·h) in double), so results are bit-identical; the
/// backward additionally skips the replay and reverse of stages that cannot influence the new state.
/// </summary>
/// <remarks>With <c>registerStages</c> (the GPU form of a small state) the loop form's loops over the n components are
/// written out, one statement or block per component at a constant index, in the same order, and the step VJP keeps
/// each stage's input, value and seed in a per-thread array of its own instead of a slice of scratch (the parameter
/// sweep takes them as arguments): ILGPU turns a per-thread array into values (registers) once the kernel is inlined
/// only when every access is at a constant index of the array itself, and it neither unrolls these loops nor sees
/// through a slice's offset.</remarks>
internal sealed partial class FusedStepEmitter(ScalarType type, int n, CodeWriter code, KernelTarget? target = null,
    bool registerStages = false)
{
    private readonly string _t = Literals.TypeName(type);

    private readonly KernelTarget _target = target ?? KernelTarget.Spans(Literals.TypeName(type));

    private string ReadOnly => _target.ReadOnly;

    private string Writable => _target.Writable;

    /// <summary>The adaptive methods that get fused kernels, with their tableaus.</summary>
    public static readonly ButcherTableau[] Tableaus =
    [
        HeunEuler.Tableau, BogackiShampine3.Tableau, DormandPrince5.Tableau, Tsitouras5.Tableau, DormandPrince853.Tableau,
    ];

    /// <summary>A tableau coefficient as T, or null when it is zero in T (the generic stepper skips those).</summary>
    private string? Coefficient(double value) =>
        (type == ScalarType.Single ? (float)value == 0f : value == 0.0) ? null : Literals.Coefficient(type, value);

    private string Zero => Literals.Of(type, 0);

    private string StageTime(double c) => $"({_t})(t + {Literals.Double(c)} * h)";

    /// <summary>The step sums and reverse accumulations, printed with the target's fused multiply-add.</summary>
    private FusedSums Sums => new(_target.FmaCallee, Zero);

    public void EmitTrialStep(ButcherTableau tableau)
    {
        int s = tableau.Stages;
        code.Open($"private static void TrialStep{tableau.Name}(double t, double h, {ReadOnly} z, " +
            $"{ReadOnly} p, {Writable} stages, {Writable} zNew, " +
            $"{Writable} error, {Writable} error2)");
        code.Line($"{_t} hT = ({_t})h;");
        for (int l = 0; l < s; l++)
            code.Line($"{Writable} k{l} = stages.{_target.Slice}({l * n}, {n});");
        for (int i = 1; i < s; i++)
        {
            code.Line($"// Stage {i}: y = z + h·Σ a[{i},l]·k[l], k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y).");
            Combination(i, l => tableau[i, l], "zNew", advance: true);
            code.Line($"Evaluate({StageTime(tableau.C[i])}, zNew, p, k{i});");
        }
        if (!tableau.IsFsal)
        {
            code.Line("// New state.");
            Combination(s, l => tableau.B[l], "zNew", advance: true);
        }
        if (tableau.Error is { } e)
        {
            code.Line("// Error estimate h·Σ e[l]·k[l].");
            Combination(s, l => e[l], "error", advance: false);
        }
        if (tableau.Error2 is { } e2)
        {
            code.Line("// Secondary error estimate.");
            Combination(s, l => e2[l], "error2", advance: false);
        }
        code.Close();
    }

    /// <summary>for each j: acc = Σ w[l]·k_l[j] over nonzero w[l], l &lt; count (<see cref="FusedSums.LoopSum"/>);
    /// target[j] = fma(h, acc, z[j]) with <paramref name="advance"/>, else h·acc.</summary>
    private void Combination(int count, Func<int, double> weight, string target, bool advance)
    {
        var lines = Sums.LoopSum(_t, count, l => Coefficient(weight(l)), l => $"k{l}[j]").ToList();
        lines.Add($"{target}[j] = {(advance ? Sums.Advance("z[j]", "hT", "acc") : "hT * acc")};");
        for (int j = 0; j < (registerStages ? n : 1); j++)
        {
            if (registerStages) code.Begin();
            else code.Open($"for (int j = 0; j < {n}; j++)");
            foreach (string line in lines) code.Line(registerStages ? AtComponent(line, j) : line);
            code.Close();
        }
    }

    /// <summary>The statement <paramref name="body"/> (indexed [j]) for the components from <paramref name="first"/> on:
    /// a loop, or one statement per component with <c>registerStages</c>.</summary>
    private void ForEachComponent(string body, int first = 0)
    {
        if (!registerStages) code.Line($"for (int j = {first}; j < {n}; j++) {body}");
        else for (int j = first; j < n; j++) code.Line(AtComponent(body, j));
    }

    private static string AtComponent(string line, int j) => line.Replace("[j]", $"[{j}]");

    /// <summary>The loop-form backward of a step; with <paramref name="timeTerms"/> the kernel StepVjpWithTime{Name},
    /// which also writes ∂L/∂h and Σ vᵀ∂f/∂t to its out parameters gradH and gradT (see TimeTerms). With a
    /// <paramref name="sweep"/> (the GPU form) the stages chain f's state-only VJP and the step ends with
    /// <see cref="EmitParameterSweep"/>'s method, which adds every stage's vᵀ∂f/∂θ to gradP.</summary>
    public void EmitStepVjp(ButcherTableau tableau, bool timeTerms = false, Gpu.StageParameterSweep? sweep = null, int keptPerStage = 0)
    {
        int s = tableau.Stages;
        (bool[] influences, bool[] needInput, bool[] needStage) = Needs(tableau, timeTerms);
        // The CPU loop form: the replay keeps f's costly values per stage for that stage's VJP (EvaluateKeeping,
        // VectorJacobianProductKept; Passes/Reverse/LoopReplayReuse), on the stack (every slot read is written first).
        bool Keeps(int stage) => keptPerStage != 0 && sweep is null && needStage[stage] && influences[stage];
        int[] keeping = Enumerable.Range(0, s).Where(Keeps).ToArray();

        code.Open($"private static void {StepVjpName(tableau, timeTerms)}(double t, double h, {ReadOnly} z, " +
            $"{ReadOnly} p, {ReadOnly} adjointOut, {Writable} adjointIn, " +
            $"{Writable} gradP, {Writable} scratch{TimeOutputs(timeTerms)})");
        code.Line($"{_t} hT = ({_t})h;");
        code.Line($"{Writable} inputBar = {StageArray(3 * s * n)};");
        for (int l = 0; l < s; l++)
        {
            if (l > 0 && needInput[l]) code.Line($"{Writable} y{l} = {StageArray(l * n)};");
            if (needStage[l]) code.Line($"{Writable} k{l} = {StageArray((s + l) * n)};");
            if (influences[l]) code.Line($"{Writable} kBar{l} = {StageArray((2 * s + l) * n)};");
        }
        if (keeping.Length != 0)
        {
            string kept = Passes.Reverse.LoopReplayReuse.ArrayName;
            code.Line($"{Writable} {kept} = stackalloc {_t}[{keeping.Length * keptPerStage}];");
            for (int l = 0; l < keeping.Length; l++)
                code.Line($"{Writable} {kept}{keeping[l]} = {kept}.{_target.Slice}({l * keptPerStage}, {keptPerStage});");
        }
        string Evaluate(int stage) => Keeps(stage) ? "EvaluateKeeping" : "Evaluate";
        string Kept(int stage) => Keeps(stage) ? $", {Passes.Reverse.LoopReplayReuse.ArrayName}{stage}" : "";
        code.Line("// Replay the stages whose inputs or values the reverse pass needs.");
        if (needStage[0]) code.Line($"{Evaluate(0)}(({_t})t, z, p, k0{Kept(0)});");
        for (int i = 1; i < s; i++)
        {
            if (!needInput[i]) continue;
            Combination(i, l => tableau[i, l], $"y{i}", advance: true);
            if (needStage[i]) code.Line($"{Evaluate(i)}({StageTime(tableau.C[i])}, y{i}, p, k{i}{Kept(i)});");
        }
        code.Line("// Reverse: zNew = z + h·Σ b[i]·k[i].");
        if (registerStages) ForEachComponent("adjointIn[j] = adjointOut[j];");
        else ScalarStatementEmitter.CopyLoop(code, "adjointOut", "adjointIn", n);
        for (int i = 0; i < s; i++)
        {
            if (!influences[i]) continue;
            code.Line($"{_t} hb{i} = hT * {Literals.Coefficient(type, tableau.B[i])};");
            ForEachComponent($"kBar{i}[j] = hb{i} * adjointOut[j];");
        }
        if (timeTerms) LoopOutputTerms(tableau);
        for (int i = s - 1; i >= 0; i--)
        {
            if (!influences[i]) continue;
            code.Line($"// Stage {i}.");
            if (registerStages) ForEachComponent("inputBar[j] = 0;");
            else ScalarStatementEmitter.ZeroLoop(code, "inputBar", n);
            string call = sweep is null
                ? $"VectorJacobianProduct{(Keeps(i) ? "Kept" : "")}({StageTime(tableau.C[i])}, {(i == 0 ? "z" : "y" + i)}, p, kBar{i}, inputBar, gradP{Kept(i)});"
                : $"{Gpu.StageParameterSweep.StateVjpName}({StageTime(tableau.C[i])}, {(i == 0 ? "z" : "y" + i)}, p, kBar{i}, inputBar);";
            code.Line(timeTerms ? $"{_t} tBar{i} = {call}" : call);
            ForEachComponent("adjointIn[j] += inputBar[j];");
            for (int l = 0; l < i; l++)
            {
                if (!influences[l] || Coefficient(tableau[i, l]) is not string a) continue;
                code.Line($"{_t} ha{i}_{l} = hT * {a};");
                ForEachComponent(Sums.Accumulate($"kBar{l}[j]", $"ha{i}_{l}", "inputBar[j]"));
            }
            if (timeTerms) LoopStageTerms(tableau, i, $"tBar{i}");
        }
        if (sweep is not null)
        {
            code.Line("// Every stage's vᵀ∂f/∂θ, in one sweep.");
            string stages = registerStages ? string.Join("", SweptStages(tableau).Select(i => (i > 0 ? $"y{i}, " : "") + $"kBar{i}, ")) : "scratch, ";
            code.Line($"{ParameterSweepName(tableau)}(t, h, z, p, {stages}gradP);");
        }
        code.Close();
    }

    private static string ParameterSweepName(ButcherTableau tableau) => "ParameterGradient" + tableau.Name;

    /// <summary>A stage array of the step VJP: scratch[offset, offset + n), or with <c>registerStages</c> a per-thread
    /// array of its own (ILGPU's LocalMemory: the GPU form only).</summary>
    private string StageArray(int offset) =>
        registerStages ? $"global::ILGPU.LocalMemory.Allocate<{_t}>({n})" : $"scratch.{_target.Slice}({offset}, {n})";

    /// <summary>The stages the parameter sweep adds, in its order (descending): those that influence the new state.</summary>
    private static IEnumerable<int> SweptStages(ButcherTableau tableau)
    {
        bool[] influences = Influences(tableau);
        for (int i = tableau.Stages - 1; i >= 0; i--)
            if (influences[i]) yield return i;
    }

    /// <summary>
    /// The method both step VJPs of <paramref name="tableau"/> end with when f's VJP has a <paramref name="sweep"/>: adds
    /// kBarᵢᵀ∂f/∂θ(tᵢ, yᵢ) of every stage that influences the new state to gradP, from the inputs and seeds the step VJP
    /// left in scratch, stage by stage in the order the step VJP reverses them (see <see cref="Gpu.StageParameterSweep"/>).
    /// Its locals have reserved names only (y1, kb1, the stages' suffixed copies): the sweep holds the user's loops.
    /// </summary>
    public void EmitParameterSweep(ButcherTableau tableau, Gpu.StageParameterSweep sweep)
    {
        int s = tableau.Stages;
        code.Line($"/// <summary>Adds every stage's kBarᵢᵀ∂f/∂θ(tᵢ, yᵢ) to gradP, yᵢ and kBarᵢ from {(registerStages ? "the arrays" : "the scratch")} of {StepVjpName(tableau, false)}.</summary>");
        string stageArrays = registerStages
            ? string.Join("", SweptStages(tableau).Select(i => (i > 0 ? $"{Writable} y{i}, " : "") + $"{Writable} kb{i}, "))
            : $"{Writable} scratch, ";
        code.Open($"private static void {ParameterSweepName(tableau)}(double t, double h, {ReadOnly} z, {ReadOnly} p, {stageArrays}{Writable} gradP)");
        var stages = new List<Gpu.StageParameterSweep.StageInput>();
        foreach (int i in SweptStages(tableau))
        {
            if (!registerStages)
            {
                if (i > 0) code.Line($"{Writable} y{i} = scratch.{_target.Slice}({i * n}, {n});");
                code.Line($"{Writable} kb{i} = scratch.{_target.Slice}({(2 * s + i) * n}, {n});");
            }
            stages.Add(new Gpu.StageParameterSweep.StageInput(i, StageTime(tableau.C[i]), i == 0 ? "z" : "y" + i, "kb" + i));
        }
        sweep.Emit(code, stages);
        code.Close();
    }

    /// <summary>Per stage: whether it influences the new state, whether the backward needs its input yᵢ, and
    /// whether it needs its value kᵢ (to build a later needed input, or, with <paramref name="timeTerms"/>, for
    /// ∂L/∂h's term bᵢ·adjointOutᵀkᵢ).</summary>
    internal (bool[] Influences, bool[] NeedInput, bool[] NeedStage) Needs(ButcherTableau tableau, bool timeTerms = false)
    {
        int s = tableau.Stages;
        bool[] influences = Influences(tableau);
        bool[] needInput = new bool[s], needStage = new bool[s];
        for (int i = s - 1; i >= 0; i--)
        {
            needStage[i] = timeTerms && Coefficient(tableau.B[i]) is not null;
            for (int l = i + 1; l < s; l++)
                needStage[i] |= needInput[l] && Coefficient(tableau[l, i]) is not null;
            needInput[i] = influences[i] || needStage[i];
        }
        return (influences, needInput, needStage);
    }

    /// <summary>Whether stage i reaches the new state through b or later stages (the generic stepper's rule, in double).</summary>
    private static bool[] Influences(ButcherTableau tableau)
    {
        int s = tableau.Stages;
        var influences = new bool[s];
        for (int i = s - 1; i >= 0; i--)
        {
            bool needed = tableau.B[i] != 0;
            for (int l = i + 1; l < s && !needed; l++)
                needed = influences[l] && tableau[l, i] != 0;
            influences[i] = needed;
        }
        return influences;
    }
}
