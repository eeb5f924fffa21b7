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

    /// <summary>The register trial step itself (FusedStepEmitter's, f inlined at every stage).</summary>
    public void EmitTrialStep(FusedStepEmitter fused, AcaKernels.Tableaus.ButcherTableau tableau) =>
        fused.EmitGpuRegisterTrialStep(tableau, form, StateName, ParametersName);

    /// <summary>The two structs and <c>EvaluateRegisters</c>.</summary>
    public void Emit()
    {
        GpuRegisterVectors.Emit(code, f.Type, StateName, f.StateSize, "the state z (or a stage, or dz)");
        code.Line();
        GpuRegisterVectors.Emit(code, f.Type, ParametersName, f.ParameterSize, "the parameters θ", parameters: true);
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
