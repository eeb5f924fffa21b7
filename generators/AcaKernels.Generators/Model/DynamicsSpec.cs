using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Model;

/// <summary>A type that encloses the dynamics method, outermost first: its keyword ("class", "record struct"…),
/// name and type-parameter list (possibly empty).</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name, string TypeParameters);

/// <summary>Everything the emitters need for one <c>[OdeDynamics]</c> method; plain data, no Roslyn objects.</summary>
/// <param name="Namespace">Namespace of the containing type, or empty for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="MethodName">The user's method name.</param>
/// <param name="StructName">The generated struct: <c>{MethodName}Ode</c>, or <c>{MethodName}SingleOde</c> for the float
/// overload of a method that also has a marked double overload (see <c>DynamicsParser.GeneratedStructName</c>).</param>
/// <param name="HintName">Unique file name stem of the generated file.</param>
/// <param name="Body">The method body in the intermediate representation.</param>
/// <param name="GpuParameterSweep">The attribute's <c>GpuParameterSweep</c>: whether the GPU loop form's step VJPs may
/// add ∂L/∂θ in one sweep (<see cref="Emit.Gpu.StageParameterSweep"/>).</param>
internal sealed record DynamicsSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string MethodName,
    string StructName,
    string HintName,
    IrFunction Body,
    bool GpuParameterSweep = true);
