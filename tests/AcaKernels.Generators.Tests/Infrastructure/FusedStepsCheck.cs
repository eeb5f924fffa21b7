namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles the fused steps and step VJPs of many one-method snippets at once: each snippet's
/// <c>[OdeDynamics] F</c> renamed F0, F1, … into one class, generated and compiled once. Tests whose snippets are
/// built without fused steps (<see cref="CompiledSnippet.Build"/>, <c>fusedKernels: false</c>) keep the check that those
/// compile this way, at the cost of one compile instead of one per case.
/// </summary>
internal static class FusedStepsCheck
{
    public static void AssertAllCompile(IReadOnlyList<string> snippets, bool registerKernels)
    {
        string members = string.Join("\n", snippets.Select((dynamics, i) =>
            dynamics.Replace("public static void F(", $"public static void F{i}(", StringComparison.Ordinal)));
        string source = $"namespace FusedSnip;\npublic static partial class S\n{{\n{members}\n}}\n";
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, source);
        Assert.Empty(run.Errors);
        Assert.Contains(run.GeneratedSources, code => code.Contains($"F{snippets.Count - 1}Ode", StringComparison.Ordinal));
    }
}
