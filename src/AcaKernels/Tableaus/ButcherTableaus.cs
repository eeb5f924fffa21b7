namespace AcaKernels.Tableaus;

/// <summary>Looks up the tableau of a <see cref="RungeKuttaMethod"/>.</summary>
public static class ButcherTableaus
{
    /// <summary>The tableau of <paramref name="method"/>.</summary>
    public static ButcherTableau Get(RungeKuttaMethod method) => method switch
    {
        RungeKuttaMethod.Euler => Euler.Tableau,
        RungeKuttaMethod.Midpoint => Midpoint.Tableau,
        RungeKuttaMethod.Rk4 => ClassicRk4.Tableau,
        RungeKuttaMethod.HeunEuler => HeunEuler.Tableau,
        RungeKuttaMethod.BogackiShampine3 => BogackiShampine3.Tableau,
        RungeKuttaMethod.DormandPrince5 => DormandPrince5.Tableau,
        RungeKuttaMethod.Tsitouras5 => Tsitouras5.Tableau,
        RungeKuttaMethod.DormandPrince853 => DormandPrince853.Tableau,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown Runge-Kutta method."),
    };
}
