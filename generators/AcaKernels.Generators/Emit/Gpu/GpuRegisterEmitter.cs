using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// Writes the register form of a system's GPU code, for systems with the straight-line form: the state and the
/// parameters as structs with one field per component (<c>RegisterState</c>, <c>RegisterParameters</c>, each an
/// <c>AcaKernels.Gpu.IGpuRegisterVector</c> with its loads, stores and arithmetic unrolled over the fields) and f over
/// them by value (<c>EvaluateRegisters</c>). Kernels written over these index no per-thread array, so ILGPU allocates
/// no PTX local memory for them (a per-thread <c>LocalMemory</c> array always lands there).
/// </summary>
internal sealed class GpuRegisterEmitter(IrFunction f, RegisterForm form, KernelTarget target, CodeWriter code)
{
    /// <summary>The state struct's name, nested in the Gpu class.</summary>
    public const string StateName = "RegisterState";

    /// <summary>The parameter struct's name, nested in the Gpu class.</summary>
    public const string ParametersName = "RegisterParameters";

    private readonly string _t = Literals.TypeName(f.Type);

    /// <summary>The interface a stepper struct of this system implements besides IGpuStepper.</summary>
    public string StepperInterface => $"global::AcaKernels.Gpu.IGpuRegisterStepper<{_t}, {StateName}, {ParametersName}>";

    /// <summary>The interface of a stepper whose fused kernels have the straight-line form: also the register trial step.</summary>
    public string TrialStepperInterface => $"global::AcaKernels.Gpu.IGpuRegisterTrialStepper<{_t}, {StateName}, {ParametersName}>";

    /// <summary>The stepper's forwarding trial step (inside its struct; FusedStepEmitter.EmitGpuRegisterTrialStep writes the body).</summary>
    public void EmitStepperTrialStep(AcaKernels.Tableaus.ButcherTableau tableau)
    {
        code.Line("/// <inheritdoc/>");
        code.Line($"public static {StateName} TrialStep(double t, double h, {StateName} z, {ParametersName} p, {StateName} k0, " +
            $"out {StateName} last, out {StateName} error, out {StateName} error2) =>");
        code.Line($"    {FusedStepEmitter.GpuRegisterTrialStepName(tableau)}(t, h, z, p, k0, out last, out error, out error2);");
        code.Line();
    }

    /// <summary>The two structs and <c>EvaluateRegisters</c>.</summary>
    public void Emit()
    {
        EmitVector(StateName, f.StateSize, "the state z (or a stage, or dz)");
        code.Line();
        EmitVector(ParametersName, f.ParameterSize, "the parameters θ");
        code.Line();
        EmitEvaluate();
    }

    /// <summary>The stepper's forwarding member (inside its struct).</summary>
    public void EmitStepperEvaluate()
    {
        code.Line("/// <inheritdoc/>");
        code.Line($"public static {StateName} Evaluate(double t, {StateName} z, {ParametersName} p) => Gpu.EvaluateRegisters(({_t})t, z, p);");
        code.Line();
    }

    private void EmitVector(string name, int length, string what)
    {
        string view = $"global::ILGPU.ArrayView<{_t}>";
        IEnumerable<int> all = Enumerable.Range(0, length);
        code.Line($"/// <summary>{Capitalised(what)} in {length} fields, for kernels that keep it in registers (see");
        code.Line("/// <see cref=\"global::AcaKernels.Gpu.IGpuRegisterVector{T, TSelf}\"/>); every operation unrolled over the fields.</summary>");
        code.Open($"public struct {name} : global::AcaKernels.Gpu.IGpuRegisterVector<{_t}, {name}>");
        if (length != 0)
        {
            code.Line("/// <summary>Component j in field Vj.</summary>");
            code.Line($"public {_t} " + string.Join(", ", all.Select(j => "V" + j)) + ";");
            code.Line();
        }
        code.Line("/// <inheritdoc/>");
        Body($"public static {name} Load({view} source, long offset, long stride)", name,
            all.Select(j => $"r.V{j} = source[{Offset(j)}];"));
        code.Line("/// <inheritdoc/>");
        code.Open($"public static void Store({name} value, {view} target, long offset, long stride)");
        foreach (int j in all) code.Line($"target[{Offset(j)}] = value.V{j};");
        code.Close();
        code.Line();
        code.Line("/// <inheritdoc/>");
        Body($"public static {name} Add({name} a, {name} b)", name, all.Select(j => $"r.V{j} = a.V{j} + b.V{j};"));
        code.Line("/// <inheritdoc/>");
        Body($"public static {name} Scale({_t} a, {name} x)", name, all.Select(j => $"r.V{j} = a * x.V{j};"));
        code.Line("/// <inheritdoc/>");
        Body($"public static {name} MultiplyAdd({_t} a, {name} x, {name} y)", name,
            all.Select(j => $"r.V{j} = {KernelTarget.GpuFma}(a, x.V{j}, y.V{j});"));
        code.Line("/// <inheritdoc/>");
        // The last component is the default arm: no throw (ILGPU rejects it), and j is in range by the contract.
        code.Line($"public static {_t} Get({name} x, int j) => " + (length == 0 ? Literals.Of(f.Type, 0) + ";"
            : "j switch { " + string.Join(" ", Enumerable.Range(0, length - 1).Select(j => $"{j} => x.V{j},")) + $" _ => x.V{length - 1} }};"));
        code.Line();
        code.Line("/// <inheritdoc/>");
        string max = _t + ".MaxValue";
        code.Line($"public static bool IsFinite({name} x) => " +
            (length == 0 ? "true;" : string.Join(" & ", all.Select(j => $"(global::System.Math.Abs(x.V{j}) <= {max})")) + ";"));
        code.Close();
    }

    // The stride multiple in long: offset + j·stride overflows int for n·B beyond 2³¹.
    private static string Offset(int j) => j switch { 0 => "offset", 1 => "offset + stride", _ => $"offset + {j}L * stride" };

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    private void Body(string header, string type, IEnumerable<string> assignments)
    {
        code.Open(header);
        code.Line($"{type} r = default;");
        foreach (string line in assignments) code.Line(line);
        code.Line("return r;");
        code.Close();
        code.Line();
    }

    /// <summary>f over the structs: the straight-line body of the view form's Evaluate, its inputs read from fields.</summary>
    private void EmitEvaluate()
    {
        int n = f.StateSize;
        code.Line("/// <summary>f(t, z, p) by value, the same operations in the same order as Evaluate over views.</summary>");
        code.Open($"private static {StateName} EvaluateRegisters({_t} t, {StateName} z, {ParametersName} p)");
        if (form.UsedState.Length != 0) code.Line($"{_t} " + string.Join(", ", form.UsedState.Select(j => $"z{j} = z.V{j}")) + ";");
        if (form.UsedParameters.Length != 0) code.Line($"{_t} " + string.Join(", ", form.UsedParameters.Select(k => $"p{k} = p.V{k}")) + ";");
        code.Line($"{_t} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"o{j} = {Literals.Of(f.Type, 0)}")) + ";");
        form.EmitEvaluate(code, new RegisterScope { MathCall = target.MathCall });
        code.Line($"{StateName} dz = default;");
        for (int j = 0; j < n; j++) code.Line($"dz.V{j} = o{j};");
        code.Line("return dz;");
        code.Close();
    }
}
