using AcaKernels.Generators.Ir;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// Writes the register form of a loop-form system with a small state: the state struct (<c>RegisterState</c>) and, in
/// each stepper, f over it with θ as an <c>AcaKernels.Gpu.GpuParameterView</c> — the view form run over two per-thread
/// arrays that it fills and reads at constant indices only, which ILGPU turns into values once it has inlined the
/// call — and the register trial step, which calls that f per stage and keeps every stage in locals. With the step
/// VJP's own stage arrays (FusedStepEmitter's registerStages) the adaptive register kernels then hold the state, the
/// stages, the error estimates and the adjoints in registers, where the view kernels keep them in local memory; θ
/// stays in device memory, read by f's loops as in the view kernels. The same operations in the same order as the view
/// form: the same bits.
/// </summary>
internal sealed class GpuLoopRegisterEmitter(IrFunction f, CodeWriter code)
{
    private readonly string _t = Literals.TypeName(f.Type);

    private string View => $"global::ILGPU.ArrayView<{_t}>";

    private string Parameters => $"global::AcaKernels.Gpu.GpuParameterView<{_t}>";

    private static string State => GpuRegisterEmitter.StateName;

    /// <summary>Whether a system gets this form: register kernels on, no straight-line form (that one holds θ in
    /// fields too), and a state small enough for registers.</summary>
    public static bool Applies(IrFunction f, RegisterForm? registers, bool registerKernels) =>
        registerKernels && registers is null && f.StateSize <= RegisterForm.MaxState;

    /// <summary>The interface each stepper of this system implements besides IGpuStepper.</summary>
    public string TrialStepperInterface => $"global::AcaKernels.Gpu.IGpuRegisterTrialStepper<{_t}, {State}, {Parameters}>";

    /// <summary>The state struct.</summary>
    public void Emit() => GpuRegisterVectors.Emit(code, f.Type, State, f.StateSize, "the state z (or a stage, or dz)");

    /// <summary>The stepper's f over the state struct (the view form over per-thread arrays it indexes at constants only,
    /// which ILGPU turns into values once inlined) and its trial step's forwarding member (inside its struct).</summary>
    public void EmitStepperMembers(ButcherTableau tableau)
    {
        int n = f.StateSize;
        code.Line("/// <inheritdoc/>");
        code.Open($"public static {State} Evaluate(double t, {State} z, {Parameters} p)");
        Allocate("zv", n);
        Allocate("dz", n);
        code.Line($"{State}.Store(z, zv, 0, 1);");
        code.Line("Evaluate(t, zv, p.View, dz);");
        code.Line($"return {State}.Load(dz, 0, 1);");
        code.Close();
        code.Line();

        code.Line("/// <inheritdoc/>");
        code.Line($"public static {State} TrialStep(double t, double h, {State} z, {Parameters} p, {State} k0, " +
            $"out {State} last, out {State} error, out {State} error2) =>");
        code.Line($"    {FusedStepEmitter.GpuRegisterTrialStepName(tableau)}(t, h, z, p, k0, out last, out error, out error2);");
        code.Line();
    }

    /// <summary>The register trial step itself (FusedStepEmitter's, each stage calling the register f above).</summary>
    public void EmitTrialStep(FusedStepEmitter fused, ButcherTableau tableau) =>
        fused.EmitGpuRegisterTrialStep(tableau, form: null, State, Parameters);

    private void Allocate(string name, int length) =>
        code.Line($"{View} {name} = global::ILGPU.LocalMemory.Allocate<{_t}>({length});");
}
