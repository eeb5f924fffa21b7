namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// The seed of the random-program tests. CI runs a fixed seed, so a run fails only when the code changed; a fresh
/// seed is drawn only when asked: ACA_PROPERTY_SEED=random explores, ACA_PROPERTY_SEED=&lt;n&gt; repeats run n. Every
/// failure a random run finds becomes an explicit regression case (Samples/Regressions.cs, DeadCodeTests,
/// MalformedInputTests.Regressions), so it is checked on every run whatever the seed.
/// </summary>
internal static class PropertySeed
{
    /// <summary>The seed CI uses.</summary>
    public const int Fixed = 20_261_130;

    public static int Resolve()
    {
        string? value = Environment.GetEnvironmentVariable("ACA_PROPERTY_SEED");
        if (string.IsNullOrWhiteSpace(value)) return Fixed;
        if (value.Trim().Equals("random", StringComparison.OrdinalIgnoreCase)) return Random.Shared.Next(1, 1_000_000);
        if (int.TryParse(value, out int seed)) return seed;
        throw new InvalidOperationException($"ACA_PROPERTY_SEED is '{value}'; set an integer to repeat a run, 'random' for a fresh seed, or leave it unset for the fixed CI seed {Fixed}.");
    }
}
