using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The GPU register trial step: <see cref="EmitRegisterTrialStep"/>'s arithmetic, statement for statement, over the
/// register structs of the GPU form (<c>Gpu.RegisterState</c>, <c>Gpu.RegisterParameters</c>) passed and returned by
/// value. The view form stores every stage to a per-thread buffer (PTX local memory on the GPU); this one keeps all of
/// them in locals and returns the new state, the last stage (the next k₀ of a first-same-as-last tableau) and the
/// error estimates, so a kernel over it touches no per-thread array.
/// </summary>
internal sealed partial class FusedStepEmitter
{
    /// <summary>The method's name for <paramref name="tableau"/>, in the Gpu class.</summary>
    public static string GpuRegisterTrialStepName(ButcherTableau tableau) => "RegisterTrialStep" + tableau.Name;

    /// <summary>
    /// <c>private static S RegisterTrialStep{Name}(double t, double h, S z, P p, S k0, out S last, out S error, out S error2)</c>:
    /// the trial step from (t, z) with step h and first stage k0; returns z_new; <c>last</c> is the last stage value,
    /// <c>error</c> the embedded estimate, <c>error2</c> the second one (zero without it). With the straight-line
    /// <paramref name="form"/> f is inlined at every stage; without it (a loop-form system, θ a view) each stage calls
    /// the stepper's register f, <c>Evaluate(double, S, P)</c>, which runs the view form over values.
    /// </summary>
    public void EmitGpuRegisterTrialStep(ButcherTableau tableau, RegisterForm? form, string state, string parameters)
    {
        int s = tableau.Stages;
        code.Open($"private static {state} {GpuRegisterTrialStepName(tableau)}(double t, double h, {state} z, {parameters} p, {state} k0, " +
            $"out {state} last, out {state} error, out {state} error2)");
        code.Line($"{_t} hT = ({_t})h;");
        Declare(List(n, j => $"z{j} = z.V{j}"));
        if (form is not null && form.UsedParameters.Length != 0)
            Declare(string.Join(", ", form.UsedParameters.Select(k => $"p{k} = p.V{k}")));
        Func<int, int, string> k = (l, j) => $"k{l}_{j}";
        Declare(List(n, j => $"k0_{j} = k0.V{j}"));
        for (int i = 1; i < s; i++)
        {
            code.Line($"// Stage {i}: y = z + h·Σ a[{i},l]·k[l], k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y).");
            StageInputs(tableau, i, k);
            int row = i;
            if (form is not null) InlineEvaluate(form, i, StageTime(tableau.C[i]), j => $"y{row}_{j}");
            else EvaluateByCall(i, state, $"t + {Literals.Double(tableau.C[i])} * h");
        }
        code.Line($"{state} zNew = default;");
        if (tableau.IsFsal)
        {
            code.Line("// New state: the last stage's input (FSAL).");
            for (int j = 0; j < n; j++) code.Line($"zNew.V{j} = y{s - 1}_{j};");
        }
        else
        {
            code.Line("// New state.");
            for (int j = 0; j < n; j++) code.Line($"zNew.V{j} = {Sums.Advance($"z{j}", "hT", Sum(s, l => tableau.B[l], l => k(l, j)))};");
        }
        code.Line("last = default;");
        for (int j = 0; j < n; j++) code.Line($"last.V{j} = {k(s - 1, j)};");
        code.Line("error = default;");
        if (tableau.Error is { } e)
        {
            code.Line("// Error estimate h·Σ e[l]·k[l].");
            for (int j = 0; j < n; j++) code.Line($"error.V{j} = hT * {Sum(s, l => e[l], l => k(l, j))};");
        }
        code.Line("error2 = default;");
        if (tableau.Error2 is { } e2)
        {
            code.Line("// Secondary error estimate.");
            for (int j = 0; j < n; j++) code.Line($"error2.V{j} = hT * {Sum(s, l => e2[l], l => k(l, j))};");
        }
        code.Line("return zNew;");
        code.Close();
    }

    /// <summary>k{i}_j from the stepper's register f at stage i's inputs y{i}_j and time <paramref name="time"/> (a double,
    /// which f casts to T as the view form's stage time does).</summary>
    private void EvaluateByCall(int i, string state, string time)
    {
        code.Line($"{state} y{i} = default;");
        for (int j = 0; j < n; j++) code.Line($"y{i}.V{j} = y{i}_{j};");
        code.Line($"{state} k{i} = Evaluate({time}, y{i}, p);");
        Declare(List(n, j => $"k{i}_{j} = k{i}.V{j}"));
    }
}
