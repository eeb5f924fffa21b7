using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Common;

/// <summary>Checks that more than one experiment's settings make, with one wording: each throws
/// <see cref="ArgumentException"/> naming the setting and what to give instead.</summary>
internal static class SettingChecks
{
    /// <summary>At least one method, each one that computes a gradient (<see cref="MethodNames.All"/>), none twice.</summary>
    public static void GradientMethods(IReadOnlyList<GradientMethod> methods)
    {
        if (methods.Count == 0) throw new ArgumentException("no method given; use aca, adjoint, naive or all.");
        foreach (GradientMethod method in methods)
            if (!MethodNames.All.Contains(method))
                throw new ArgumentException($"method {method} computes no gradient; use aca, adjoint or naive.");
        if (methods.Distinct().Count() != methods.Count)
            throw new ArgumentException("a method is given twice; name each once (or use all).");
    }

    /// <summary>rtol = atol in [1e-14, 0.1]; <paramref name="what"/> names it in the message.</summary>
    public static void Tolerance(double tolerance, string what)
    {
        if (!(tolerance >= 1e-14 && tolerance <= 0.1))
            throw new ArgumentException($"{what} {tolerance} is not in [1e-14, 0.1]; below 1e-14 steps underflow against rounding.");
    }
}
