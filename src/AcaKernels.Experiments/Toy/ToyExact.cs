namespace AcaKernels.Experiments.Toy;

/// <summary>
/// The exact solution of the toy problem and the exact gradients of L = z(T)²: z(T) = z₀·e^{αT}, so
/// ∂L/∂z₀ = 2z₀·e^{2αT} and ∂L/∂α = 2T·z₀²·e^{2αT}.
/// </summary>
public static class ToyExact
{
    /// <summary>z(T) = z₀·e^{αT}.</summary>
    public static double State(double z0, double alpha, double endTime) => z0 * Math.Exp(alpha * endTime);

    /// <summary>∂L/∂z₀ = 2z₀·e^{2αT}.</summary>
    public static double GradientZ0(double z0, double alpha, double endTime) => 2 * z0 * Math.Exp(2 * alpha * endTime);

    /// <summary>∂L/∂α = 2T·z₀²·e^{2αT}.</summary>
    public static double GradientAlpha(double z0, double alpha, double endTime) =>
        2 * endTime * z0 * z0 * Math.Exp(2 * alpha * endTime);
}
