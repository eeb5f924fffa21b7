namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// The non-dimensional units of the three-body problem, as in the ACA paper's reference code: lengths in units of
/// r_nd (about α Centauri A–B's separation), masses in solar masses, velocities in units of v_nd, time in units of
/// t_nd (0.51 of their orbital period). Newton's equations then read dr/dt = K2·v, dv/dt = K1·Σ m (r' − r)/|r' − r|³.
/// </summary>
/// <remarks>Zhuang et al., "Adaptive Checkpoint Adjoint Method for Gradient Estimation in Neural ODE", ICML 2020,
/// §5.3 (three-body problem); a year is 365 × 24 × 3600 s, as in that code.</remarks>
public static class ThreeBodyUnits
{
    /// <summary>Gravitational constant G, m³ kg⁻¹ s⁻².</summary>
    public const double GravitationalConstant = 6.67408e-11;
    /// <summary>Mass unit m_nd: one solar mass, kg.</summary>
    public const double MassUnit = 1.989e30;
    /// <summary>Length unit r_nd, m.</summary>
    public const double LengthUnit = 5.326e12;
    /// <summary>Velocity unit v_nd, m/s.</summary>
    public const double VelocityUnit = 30000;
    /// <summary>Time unit t_nd = 79.91 years × 0.51, s.</summary>
    public const double TimeUnit = 79.91 * 365 * 24 * 3600 * 0.51;
    /// <summary>K1 = G·t_nd·m_nd / (r_nd²·v_nd) ≈ 0.2005: the gravity coefficient of dv/dt.</summary>
    public const double K1 = GravitationalConstant * TimeUnit * MassUnit / (LengthUnit * LengthUnit * VelocityUnit);
    /// <summary>K2 = v_nd·t_nd / r_nd ≈ 7.24: the coefficient of dr/dt = K2·v.</summary>
    public const double K2 = VelocityUnit * TimeUnit / LengthUnit;
}
