namespace AcaKernels.Tableaus;

/// <summary>Bogacki-Shampine 3(2), FSAL ("RK23", MATLAB's ode23).</summary>
/// <remarks>P. Bogacki and L. F. Shampine, "A 3(2) pair of Runge-Kutta formulas", Appl. Math. Lett. 2 (1989).</remarks>
public static class BogackiShampine3
{
    /// <summary>The tableau; b̂ = (7/24, 1/4, 1/3, 1/8).</summary>
    public static ButcherTableau Tableau { get; } = new(RungeKuttaMethod.BogackiShampine3, order: 3, errorOrder: 2,
        c: [0.0, 1.0 / 2, 3.0 / 4, 1.0],
        a: [[], [1.0 / 2], [0.0, 3.0 / 4], [2.0 / 9, 1.0 / 3, 4.0 / 9]],
        b: [2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0],
        error: [2.0 / 9 - 7.0 / 24, 1.0 / 3 - 1.0 / 4, 4.0 / 9 - 1.0 / 3, -1.0 / 8]);
}
