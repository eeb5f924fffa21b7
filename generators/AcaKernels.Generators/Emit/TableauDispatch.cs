using System.Collections.Generic;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes one kernel hook (TryFusedTrialStep, TryLaneStepVjp, …): the solver's tableau compared by reference with
/// each tableau object the kernels were generated for, calling that tableau's kernel (a few pointer compares;
/// another object, even with equal coefficients, gets false).
/// </summary>
internal static class TableauDispatch
{
    /// <summary>The type of the hooks' first parameter.</summary>
    public const string TableauType = "global::AcaKernels.Tableaus.ButcherTableau";

    /// <param name="hook">The hook's name.</param>
    /// <param name="parameters">Its parameters after the tableau, as declared.</param>
    /// <param name="kernelPrefix">The kernels' name before the tableau's name (TrialStep, StepVjpLanes, …).</param>
    /// <param name="arguments">The arguments passed on to each kernel.</param>
    /// <param name="outputs">The hook's out parameters, set to their default before it returns false.</param>
    public static void Emit(CodeWriter code, string hook, string parameters, string kernelPrefix, string arguments,
        IEnumerable<FusedTableau> tableaus, params string[] outputs)
    {
        code.Line("/// <inheritdoc/>");
        code.Open($"public static bool {hook}({TableauType} tableau, {parameters})");
        foreach (FusedTableau fused in tableaus)
        {
            code.Open($"if (global::System.Object.ReferenceEquals(tableau, {fused.Reference}))");
            code.Line($"{kernelPrefix}{fused.Tableau.Name}({arguments});");
            code.Line("return true;");
            code.Close();
        }
        foreach (string output in outputs) code.Line($"{output} = default;");
        code.Line("return false;");
        code.Close();
    }
}
