using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// A tableau that gets fused kernels: the tableau (its <see cref="ButcherTableau.Name"/> is the identifier the
/// kernels carry, TrialStep{Name}) and the C# expression of the runtime object dispatch compares by reference.
/// </summary>
internal sealed record FusedTableau(ButcherTableau Tableau, string Reference)
{
    /// <summary>The built-in adaptive tableaus, compiled into the generator from the runtime's source files.</summary>
    public static readonly FusedTableau[] BuiltIn = FusedStepEmitter.Tableaus
        .Select(t => new FusedTableau(t, $"global::AcaKernels.Tableaus.{t.Name}.Tableau")).ToArray();
}
