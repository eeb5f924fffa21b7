using System.Collections.Generic;
using System.Collections.Immutable;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Emit.Tableaus;

/// <summary>
/// The user's [RungeKuttaTableau] tableaus as the emitters take them: in a stable order (by the C# expression that
/// names them, so the generated file does not depend on discovery order) and with kernel names that are unique
/// among themselves and the built-ins (two classes named CashKarp in different namespaces: CashKarp, CashKarp_2).
/// </summary>
internal static class UserTableaus
{
    public static EquatableArray<TableauSpec> Order(ImmutableArray<TableauSpec> all)
    {
        var taken = new HashSet<string>(FusedStepEmitter.Tableaus.Select(t => t.Name), StringComparer.Ordinal);
        var ordered = new List<TableauSpec>();
        foreach (TableauSpec spec in all.OrderBy(s => s.Reference, StringComparer.Ordinal))
        {
            string kernel = spec.KernelName;
            for (int k = 2; !taken.Add(kernel); k++) kernel = spec.KernelName + "_" + k;
            ordered.Add(spec with { KernelName = kernel });
        }
        return ordered.ToEquatableArray();
    }

    /// <summary>Each tableau built once more, named by its kernel name (the emitters name kernels by
    /// ButcherTableau.Name); the parser already built it under the user's name, so this cannot throw.</summary>
    public static IReadOnlyList<FusedTableau> ForEmission(EquatableArray<TableauSpec> user) =>
        user.Select(spec => new FusedTableau(spec.Build(spec.KernelName), spec.Reference)).ToArray();
}
