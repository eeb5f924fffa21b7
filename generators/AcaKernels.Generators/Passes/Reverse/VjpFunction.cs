using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// The reverse-mode vector-Jacobian product of a dynamics function, as IR (made by <see cref="ReverseMode"/>).
/// <see cref="Function"/>'s body is the forward sweep (f without its writes to dz, saving overwritten values
/// and branch decisions on the tape) followed by the reverse sweep. Its variables are f's (same ids), then one
/// adjoint per scalar and array of f, the time adjoint, the output adjoint, and the temporaries of the reverse
/// sweep, each assigned exactly once per execution of its statement. Variable names there are only hints: the
/// printer names every variable.
/// Initial values: f's variables, the adjoints and the time adjoint start at 0; the output adjoint (one element
/// per state component) starts as the seed v; gradient targets accumulate into the caller's gradZ and gradP.
/// </summary>
internal sealed record VjpFunction(
    IrFunction Primal,
    IrFunction Function,
    int ForwardLength,
    EquatableArray<int> ScalarAdjoints,
    EquatableArray<int> ArrayAdjoints,
    int TimeAdjoint,
    int OutputAdjoint,
    ScalarType TapeType,
    long TapeLength,
    long BranchLength)
{
    /// <summary>The forward sweep: the first <see cref="ForwardLength"/> statements of the body.</summary>
    public Block Forward => new(Function.Body.Statements.Take(ForwardLength).ToEquatableArray());

    /// <summary>The reverse sweep: the statements after the forward sweep.</summary>
    public Block Reverse => new(Function.Body.Statements.Skip(ForwardLength).ToEquatableArray());

    /// <summary>Id of the first temporary scalar (every scalar from here on is one).</summary>
    public int FirstTemporary => TimeAdjoint + 1;
}
