namespace AcaKernels.Tableaus;

/// <summary>The explicit Runge-Kutta methods the engine implements. Each has one tableau file.</summary>
public enum RungeKuttaMethod
{
    /// <summary>Forward Euler, order 1, fixed step.</summary>
    Euler,
    /// <summary>Explicit midpoint, order 2, fixed step.</summary>
    Midpoint,
    /// <summary>Classic Runge-Kutta, order 4, fixed step.</summary>
    Rk4,
    /// <summary>Heun-Euler 2(1), adaptive.</summary>
    HeunEuler,
    /// <summary>Bogacki-Shampine 3(2), adaptive, FSAL.</summary>
    BogackiShampine3,
    /// <summary>Dormand-Prince 5(4) ("dopri5"), adaptive, FSAL.</summary>
    DormandPrince5,
    /// <summary>Tsitouras 5(4), adaptive, FSAL.</summary>
    Tsitouras5,
    /// <summary>Dormand-Prince 8(5,3) ("DOP853"), adaptive, with the 5th/3rd-order combined error estimate.</summary>
    DormandPrince853,
}
