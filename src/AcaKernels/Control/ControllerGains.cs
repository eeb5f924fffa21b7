namespace AcaKernels.Control;

/// <summary>
/// A <see cref="StepSizeController"/> for one method, as plain numbers: what <see cref="StepRule"/> needs per step,
/// in a blittable struct that a lane engine broadcasts once and a GPU kernel can take by value.
/// </summary>
/// <param name="Safety">Safety factor.</param>
/// <param name="MinFactor">Smallest factor per step.</param>
/// <param name="MaxFactor">Largest factor per step.</param>
/// <param name="Beta1">Integral gain β₁.</param>
/// <param name="Beta2">Proportional gain β₂.</param>
/// <param name="K">q + 1 for an error estimate of order q, as a double.</param>
internal readonly record struct ControllerGains(double Safety, double MinFactor, double MaxFactor, double Beta1, double Beta2, double K)
{
    /// <summary>The gains of <paramref name="controller"/> for an error estimate with k = q + 1.</summary>
    public static ControllerGains Of(StepSizeController controller, int k) =>
        new(controller.Safety, controller.MinFactor, controller.MaxFactor, controller.Beta1, controller.Beta2, k);

    /// <summary>log of <see cref="StepSizeController.PreviousErrorFloor"/>, by <see cref="StepMath.Log(double)"/>.</summary>
    public static double LogErrorFloor => StepMath.Log(StepSizeController.PreviousErrorFloor);
}
