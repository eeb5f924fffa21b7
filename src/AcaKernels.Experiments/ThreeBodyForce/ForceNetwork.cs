namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// The layout and start of the parameters of <see cref="HybridThreeBodyDynamics"/>: the three masses, then a
/// 3 → <see cref="Hidden"/> → 3 tanh MLP (W₁ row-major H×3, b₁, W₂ row-major 3×H, b₂).
/// </summary>
public static class ForceNetwork
{
    /// <summary>Hidden units: a few are enough for a smooth field over the region the bodies visit.</summary>
    public const int Hidden = 8;
    /// <summary>Offset of W₁ (after the masses).</summary>
    public const int W1 = 3;
    /// <summary>Offset of b₁.</summary>
    public const int B1 = W1 + 3 * Hidden;
    /// <summary>Offset of W₂.</summary>
    public const int W2 = B1 + Hidden;
    /// <summary>Offset of b₂.</summary>
    public const int B2 = W2 + 3 * Hidden;
    /// <summary>All parameters: 3 masses + 7H + 3 network weights (62 for H = 8).</summary>
    public const int ParameterCount = B2 + 3;

    /// <summary>The start of a fit: <paramref name="masses"/>, W₁ and b₁ uniform in ±1 (seeded: positions are
    /// O(0.5), so the tanh units start in their working range with varied slopes), W₂ = b₂ = 0 so the model starts
    /// as the physics alone and the network grows only as far as the data ask.</summary>
    public static double[] Initial(IReadOnlyList<double> masses, int seed)
    {
        if (masses.Count != 3) throw new ArgumentException($"{masses.Count} masses given; the three bodies need 3.", nameof(masses));
        var parameters = new double[ParameterCount];
        for (int i = 0; i < 3; i++) parameters[i] = masses[i];
        var random = new Random(seed);
        for (int i = W1; i < W2; i++) parameters[i] = 2 * random.NextDouble() - 1;
        return parameters;
    }
}
