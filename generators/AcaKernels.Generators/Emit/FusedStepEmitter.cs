using AcaKernels.Generators.Ir;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes fused Runge-Kutta kernels for one adaptive tableau: a trial step and the ACA backward of a step, with
/// the tableau's coefficients as literals and zero coefficients dropped at generation time. The arithmetic per
/// component is exactly that of RungeKuttaStepper's generic TrialStep and StepVjp (acc = 0, acc += a·k in
/// ascending stage order, z + h·acc; stage times (T)(t + c·h) in double), so results are bit-identical; the
/// backward additionally skips the replay and reverse of stages that cannot influence the new state.
/// </summary>
internal sealed partial class FusedStepEmitter(ScalarType type, int n, CodeWriter code, KernelTarget? target = null)
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
            Combination(i, l => tableau[i, l], "zNew", "z[j] + hT * acc");
            code.Line($"Evaluate({StageTime(tableau.C[i])}, zNew, p, k{i});");
        }
        if (!tableau.IsFsal)
        {
            code.Line("// New state.");
            Combination(s, l => tableau.B[l], "zNew", "z[j] + hT * acc");
        }
        if (tableau.Error is { } e)
        {
            code.Line("// Error estimate h·Σ e[l]·k[l].");
            Combination(s, l => e[l], "error", "hT * acc");
        }
        if (tableau.Error2 is { } e2)
        {
            code.Line("// Secondary error estimate.");
            Combination(s, l => e2[l], "error2", "hT * acc");
        }
        code.Close();
    }

    /// <summary>for each j: acc = 0; acc += w[l]·k_l[j] over nonzero w[l], l &lt; count; target[j] = result.</summary>
    private void Combination(int count, Func<int, double> weight, string target, string result)
    {
        code.Open($"for (int j = 0; j < {n}; j++)");
        code.Line($"{_t} acc = {Zero};");
        for (int l = 0; l < count; l++)
            if (Coefficient(weight(l)) is string w)
                code.Line($"acc += {w} * k{l}[j];");
        code.Line($"{target}[j] = {result};");
        code.Close();
    }

    public void EmitStepVjp(ButcherTableau tableau)
    {
        int s = tableau.Stages;
        (bool[] influences, bool[] needInput, bool[] needStage) = Needs(tableau);

        code.Open($"private static void StepVjp{tableau.Name}(double t, double h, {ReadOnly} z, " +
            $"{ReadOnly} p, {ReadOnly} adjointOut, {Writable} adjointIn, " +
            $"{Writable} gradP, {Writable} scratch)");
        code.Line($"{_t} hT = ({_t})h;");
        code.Line($"{Writable} inputBar = scratch.{_target.Slice}({3 * s * n}, {n});");
        for (int l = 0; l < s; l++)
        {
            if (l > 0 && needInput[l]) code.Line($"{Writable} y{l} = scratch.{_target.Slice}({l * n}, {n});");
            if (needStage[l]) code.Line($"{Writable} k{l} = scratch.{_target.Slice}({(s + l) * n}, {n});");
            if (influences[l]) code.Line($"{Writable} kBar{l} = scratch.{_target.Slice}({(2 * s + l) * n}, {n});");
        }
        code.Line("// Replay the stages whose inputs or values the reverse pass needs.");
        if (needStage[0]) code.Line($"Evaluate(({_t})t, z, p, k0);");
        for (int i = 1; i < s; i++)
        {
            if (!needInput[i]) continue;
            Combination(i, l => tableau[i, l], $"y{i}", "z[j] + hT * acc");
            if (needStage[i]) code.Line($"Evaluate({StageTime(tableau.C[i])}, y{i}, p, k{i});");
        }
        code.Line("// Reverse: zNew = z + h·Σ b[i]·k[i].");
        ScalarStatementEmitter.CopyLoop(code, "adjointOut", "adjointIn", n);
        for (int i = 0; i < s; i++)
        {
            if (!influences[i]) continue;
            code.Line($"{_t} hb{i} = hT * {Literals.Coefficient(type, tableau.B[i])};");
            code.Line($"for (int j = 0; j < {n}; j++) kBar{i}[j] = hb{i} * adjointOut[j];");
        }
        for (int i = s - 1; i >= 0; i--)
        {
            if (!influences[i]) continue;
            code.Line($"// Stage {i}.");
            ScalarStatementEmitter.ZeroLoop(code, "inputBar", n);
            code.Line($"VectorJacobianProduct({StageTime(tableau.C[i])}, {(i == 0 ? "z" : "y" + i)}, p, kBar{i}, inputBar, gradP);");
            code.Line($"for (int j = 0; j < {n}; j++) adjointIn[j] += inputBar[j];");
            for (int l = 0; l < i; l++)
            {
                if (!influences[l] || Coefficient(tableau[i, l]) is not string a) continue;
                code.Line($"{_t} ha{i}_{l} = hT * {a};");
                code.Line($"for (int j = 0; j < {n}; j++) kBar{l}[j] += ha{i}_{l} * inputBar[j];");
            }
        }
        code.Close();
    }

    /// <summary>Per stage: whether it influences the new state, whether the backward needs its input yᵢ, and
    /// whether it needs its value kᵢ (to build a later needed input).</summary>
    internal (bool[] Influences, bool[] NeedInput, bool[] NeedStage) Needs(ButcherTableau tableau)
    {
        int s = tableau.Stages;
        bool[] influences = Influences(tableau);
        bool[] needInput = new bool[s], needStage = new bool[s];
        for (int i = s - 1; i >= 0; i--)
        {
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
