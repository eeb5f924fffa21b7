namespace AcaKernels.Tableaus;

/// <summary>Explicit midpoint rule. Order 2.</summary>
public static class Midpoint
{
    /// <summary>The tableau.</summary>
    public static ButcherTableau Tableau { get; } = new(RungeKuttaMethod.Midpoint, order: 2, errorOrder: 0,
        c: [0.0, 1.0 / 2],
        a: [[], [1.0 / 2]],
        b: [0.0, 1.0]);
}
