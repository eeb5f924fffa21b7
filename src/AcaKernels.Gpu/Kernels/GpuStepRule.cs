using AcaKernels.Control;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The decisions of the step spec (<c>AcaKernels.Control.StepRule</c>) that take an exp or log, with
/// <see cref="GpuStepMath"/> in place of StepMath; the same operations in the same order, so bit-identical to the
/// spec (tested). The decisions without exp/log (step to try, acceptance, next step, FSAL reuse, clamp) are called
/// on <c>StepRule</c> itself: they are plain double arithmetic that every backend compiles.
/// </summary>
internal static class GpuStepRule
{
    /// <summary>As StepRule.AcceptFactor: safety·exp(fma(−β₁/k, log err, (β₂/k)·log err_prev)), clamped.</summary>
    public static double AcceptFactor(in ControllerGains g, double error, double logError, double logPreviousError)
    {
        double raw = g.Safety * GpuStepMath.Exp(GpuMath.Fma(-(g.Beta1 / g.K), logError, g.Beta2 / g.K * logPreviousError));
        return error == 0 ? g.MaxFactor : StepRule.Clamp(raw, g.MinFactor, g.MaxFactor);
    }

    /// <summary>As StepRule.RejectFactor.</summary>
    public static double RejectFactor(in ControllerGains g, double error)
    {
        double raw = g.Safety * GpuStepMath.Exp(GpuStepMath.Log(error) * (-1.0 / g.K));
        return error < double.PositiveInfinity ? StepRule.Clamp(raw, g.MinFactor, 1.0) : g.MinFactor;
    }

    /// <summary>As StepRule.ShrunkStep.</summary>
    public static double ShrunkStep(in ControllerGains g, double t, double hTry, double error, double minStep, out bool canShrink)
    {
        double h = hTry * RejectFactor(g, error);
        double representable = (t + h) - t;
        canShrink = Math.Abs(h) >= minStep && representable != 0 && Math.Abs(representable) < Math.Abs(hTry);
        return h;
    }
}
