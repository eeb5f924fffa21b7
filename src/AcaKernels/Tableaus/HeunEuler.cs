namespace AcaKernels.Tableaus;

/// <summary>Heun's method (order 2) with Euler embedded (order 1): the paper's "RK12".</summary>
public static class HeunEuler
{
    /// <summary>The tableau; b̂ = (1, 0), so e = b − b̂ = (−1/2, 1/2).</summary>
    public static ButcherTableau Tableau { get; } = new(RungeKuttaMethod.HeunEuler, order: 2, errorOrder: 1,
        c: [0.0, 1.0],
        a: [[], [1.0]],
        b: [1.0 / 2, 1.0 / 2],
        error: [1.0 / 2 - 1.0, 1.0 / 2]);
}
