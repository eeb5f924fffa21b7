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

    /// <summary>As StepRule.ShrunkStep, its flag returned rather than through an <c>out bool</c>: ILGPU keeps a bool whose
    /// address is taken in local memory (a store and a load per step in the forward kernels; RESULTS.md §56).</summary>
    public static (double H, bool CanShrink) ShrunkStep(in ControllerGains g, double t, double hTry, double error, double minStep)
    {
        double h = hTry * RejectFactor(g, error);
        double representable = (t + h) - t;
        return (h, Math.Abs(h) >= minStep && representable != 0 && Math.Abs(representable) < Math.Abs(hTry));
    }

    /// <summary>As StepRule.StepToTry (the same expressions, so the same bits), the clip flag returned (see
    /// <see cref="ShrunkStep"/>).</summary>
    public static (double HTry, bool Clipped) StepToTry(double t, double h, double tOut, double direction)
    {
        bool clipped = direction * (t + h - tOut) >= -StepRule.EndSlack * Math.Abs(h);
        return (clipped ? tOut - t : (t + h) - t, clipped);
    }
}
