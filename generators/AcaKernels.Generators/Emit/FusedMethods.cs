using System.Collections.Generic;
using AcaKernels.Generators.Model;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The adaptive methods that get fused kernels, from the MSBuild property AcaKernelsFusedMethods (names separated
/// by ';' or ','; unset or empty: all of them). A consumer that uses one method then carries one method's kernels;
/// the others still work through the solver's generic stepper. Plain data with value equality (pipeline input).
/// </summary>
internal sealed record FusedMethods(EquatableArray<string> Selected, EquatableArray<string> Unknown)
{
    /// <summary>The names of the methods with fused kernels, for diagnostics.</summary>
    public static string Names => string.Join(", ", FusedStepEmitter.Tableaus.Select(t => t.Name));

    public static FusedMethods Parse(string? list)
    {
        string[] names = (list ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.Trim()).Where(n => n.Length != 0).Distinct(StringComparer.Ordinal).ToArray();
        var known = new HashSet<string>(FusedStepEmitter.Tableaus.Select(t => t.Name), StringComparer.Ordinal);
        return new FusedMethods(names.Where(known.Contains).ToEquatableArray(), names.Where(n => !known.Contains(n)).ToEquatableArray());
    }

    /// <summary>Whether the built-in <paramref name="tableau"/> gets kernels: all do when nothing is listed.
    /// (Tableaus declared with [RungeKuttaTableau] always do: declaring one asks for its kernels.)</summary>
    public bool Includes(ButcherTableau tableau) =>
        Selected.Count == 0 && Unknown.Count == 0 || Selected.Contains(tableau.Name);
}
