namespace AcaKernels.Tableaus;

/// <summary>Forward Euler: z₁ = z₀ + h f(t₀, z₀). Order 1.</summary>
public static class Euler
{
    /// <summary>The tableau.</summary>
    public static ButcherTableau Tableau { get; } = new(RungeKuttaMethod.Euler, order: 1, errorOrder: 0,
        c: [0.0], a: [[]], b: [1.0]);
}
