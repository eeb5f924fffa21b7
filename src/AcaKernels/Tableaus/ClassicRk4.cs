namespace AcaKernels.Tableaus;

/// <summary>The classic fourth-order Runge-Kutta method (Kutta 1901).</summary>
public static class ClassicRk4
{
    /// <summary>The tableau.</summary>
    public static ButcherTableau Tableau { get; } = new(RungeKuttaMethod.Rk4, order: 4, errorOrder: 0,
        c: [0.0, 1.0 / 2, 1.0 / 2, 1.0],
        a: [[], [1.0 / 2], [0.0, 1.0 / 2], [0.0, 0.0, 1.0]],
        b: [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6]);
}
