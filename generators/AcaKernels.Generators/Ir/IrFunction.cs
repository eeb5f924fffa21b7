using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Ir;

/// <summary>A scalar local of the dynamics (user locals, inlined helper parameters), with a unique name.</summary>
internal sealed record ScalarVariable(int Id, string Name, ScalarType Type);

/// <summary>A stack-allocated local array of fixed length.</summary>
internal sealed record ArrayVariable(int Id, string Name, ScalarType Type, int Length);

/// <summary>A loop counter, with a unique name.</summary>
internal sealed record LoopVariable(int Id, string Name);

/// <summary>
/// A dynamics method in IR: state size n, parameter size m, number type, the body and its variable tables.
/// Helpers are already inlined; every index is affine in the loop counters and proved in range.
/// </summary>
internal sealed record IrFunction(
    ScalarType Type,
    int StateSize,
    int ParameterSize,
    Block Body,
    EquatableArray<ScalarVariable> Scalars,
    EquatableArray<ArrayVariable> Arrays,
    EquatableArray<LoopVariable> Loops);
