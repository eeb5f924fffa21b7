using System.Numerics;
using AcaKernels.Tableaus;

namespace AcaKernels.Experiments.Toy;

/// <summary>
/// The gradient of the discrete solve actually taken, by the complex-step method: the accepted steps (their sizes
/// hᵢ held fixed, as ACA defines the discrete map) are replayed with the same Runge-Kutta tableau in complex
/// arithmetic, with α (or z₀) moved by iε. Im(L)/ε is then ∂L/∂α to rounding (no subtraction, so ε can be tiny),
/// and the result shares no code with the engine's reverse-mode passes: an independent check of their exactness.
/// </summary>
/// <remarks>Squire and Trapp, "Using complex variables to estimate derivatives of real functions", SIAM Review 40 (1998).</remarks>
public static class DiscreteGradient
{
    /// <summary>Imaginary step: small enough that ε² terms vanish below double rounding of any value here.</summary>
    private const double Epsilon = 1e-30;

    /// <summary>The replayed z(T), and ∂L/∂z₀, ∂L/∂α of L = z(T)² for the steps <paramref name="steps"/>.</summary>
    public static (double State, double GradientZ0, double GradientAlpha) Compute(
        ButcherTableau tableau, ReadOnlySpan<double> steps, double z0, double alpha)
    {
        Complex byZ0 = Replay(tableau, steps, new Complex(z0, Epsilon), alpha);
        Complex byAlpha = Replay(tableau, steps, z0, new Complex(alpha, Epsilon));
        return (byAlpha.Real, (byZ0 * byZ0).Imaginary / Epsilon, (byAlpha * byAlpha).Imaginary / Epsilon);
    }

    /// <summary>z after every step of an explicit Runge-Kutta method on dz/dt = αz: kⱼ = α(z + h Σₗ aⱼₗ kₗ),
    /// z ← z + h Σⱼ bⱼ kⱼ.</summary>
    private static Complex Replay(ButcherTableau tableau, ReadOnlySpan<double> steps, Complex z, Complex alpha)
    {
        int s = tableau.Stages;
        Span<Complex> k = s <= 16 ? stackalloc Complex[s] : new Complex[s];
        foreach (double h in steps)
        {
            Complex next = z;
            for (int j = 0; j < s; j++)
            {
                Complex stage = z;
                for (int l = 0; l < j; l++) stage += h * tableau[j, l] * k[l];
                k[j] = alpha * stage;
                next += h * tableau.B[j] * k[j];
            }
            z = next;
        }
        return z;
    }
}
