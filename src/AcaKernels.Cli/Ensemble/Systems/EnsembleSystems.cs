namespace AcaKernels.Cli.Ensemble.Systems;

/// <summary>The systems of `aca ensemble --system`, by name.</summary>
internal static class EnsembleSystems
{
    public static readonly EnsembleSystem Lorenz = new LorenzEnsemble();

    public static IReadOnlyList<EnsembleSystem> All { get; } = [Lorenz, new ThreeBodyEnsemble(), new NeuralOdeEnsemble()];

    public static string[] Names => All.Select(s => s.Name).ToArray();

    /// <exception cref="ArgumentException">No system of that name.</exception>
    public static EnsembleSystem Parse(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"--system: '{name}' is not one of {string.Join(", ", Names)}.");
}
