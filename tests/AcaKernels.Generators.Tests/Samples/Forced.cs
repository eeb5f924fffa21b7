using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// The wider dynamics language on physical models: a tabulated periodic forcing (a static readonly table read by
/// hat-function interpolation), a saturating actuator (Math.Clamp), Coulomb friction (Math.Sign), a quantised
/// sensor (Round, Floor, Ceiling), ++/-- counters and an early return at an end stop. Oscillator is small (the
/// straight-line register form); Lattice has 20 states (the loop form).
/// </summary>
public static partial class Forced
{
    private static readonly double[] Forcing = { 0.0, 0.8, 1.0, 0.3, -0.5, -1.0, -0.2, 0.6 };
    private static readonly double[] Limits = [1.5, 0.25];

    [OdeDynamics(2, 3)]
    public static void Oscillator(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = z[1];
        if (z[0] > 0.9)
        {
            dz[1] = -p[0] * z[1]; // held at the end stop: only damping acts
            return;
        }
        double phase = Forcing.Length * (t - Math.Floor(t));
        double force = 0, taps = 0;
        for (int i = 0; i < Forcing.Length; i++)
        {
            double w = Math.Max(0.0, 1 - Math.Abs(phase - i));
            if (w > 0)
            {
                force += w * Forcing[i];
                taps++;
            }
        }
        double actuator = Math.Clamp(p[1] * z[0], -Limits[0], Limits[0]);
        double saturated = 0;
        if (actuator == Limits[0]) saturated++;
        if (actuator == -Limits[0]) --saturated;
        double sensed = 0.125 * Math.Round(8 * z[0]) + 0.01 * (Math.Floor(4 * z[1]) - Math.Ceiling(4 * z[1]));
        double friction = Limits[1] * Math.Sign(z[1]) * p[2];
        dz[1] = force * (taps > 1 ? 1.0 : 0.5) - p[0] * z[1] - actuator - friction - 0.1 * sensed * z[0] + 0.05 * saturated;
    }

    private static readonly double[] Coupling = new double[] { 0.3, -0.1, 0.25, 0.05, -0.2, 0.15, 0.1, -0.05, 0.2, 0.12 };

    [OdeDynamics(20, 2)]
    public static void Lattice(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int n = 20;
        for (int i = 0; i < n; i++)
            dz[i] = -p[0] * z[i];
        if (z[0] > 0.95)
            return; // the driven end is saturated: pure relaxation
        double drive = Math.Clamp(p[1] * Math.Sin(t), -0.5, 0.5);
        dz[0] += drive;
        for (int k = 1; k < Coupling.Length; k++)
            dz[k] += Coupling[k] * (z[k - 1] - z[k]) + 0.01 * Math.Sign(z[k - 1] - z[k]);
        for (int k = 0; k < Coupling.Length; k++)
            dz[k + 10] += Coupling[k] * (z[k + 9] - z[k + 10]) + 0.01 * Math.Sign(z[k + 9] - z[k + 10]);
    }
}
