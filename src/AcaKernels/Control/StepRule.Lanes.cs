using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Control;

// The Vector512 forms of StepRule: eight trajectories per call, one per lane, each lane's result the same bits as
// the scalar form at that lane's arguments. Booleans are lane masks (all bits set for true).
internal static partial class StepRule
{
    /// <inheritdoc cref="StepToTry(double, double, double, double, out bool)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> StepToTry(Vector512<double> t, Vector512<double> h, Vector512<double> tOut,
        Vector512<double> direction, out Vector512<double> clipped)
    {
        clipped = Vector512.GreaterThanOrEqual(direction * (t + h - tOut), Vector512.Abs(h) * Vector512.Create(-EndSlack));
        return Vector512.ConditionalSelect(clipped, tOut - t, (t + h) - t);
    }

    /// <inheritdoc cref="Accepts(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Accepts(Vector512<double> error) => Vector512.LessThanOrEqual(error, Vector512<double>.One);

    /// <inheritdoc cref="AcceptFactor(in ControllerGains, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AcceptFactor(in ControllerGains g, Vector512<double> error, Vector512<double> logError,
        Vector512<double> logPreviousError)
    {
        Vector512<double> raw = UnclampedAcceptFactor(g, logError, logPreviousError);
        return Vector512.ConditionalSelect(Vector512.Equals(error, Vector512<double>.Zero), Vector512.Create(g.MaxFactor),
            Clamp(raw, Vector512.Create(g.MinFactor), Vector512.Create(g.MaxFactor)));
    }

    /// <summary>
    /// <see cref="AcceptFactor(in ControllerGains, Vector512{double}, Vector512{double}, Vector512{double})"/> with the
    /// exponent's gains −β₁/k and β₂/k divided out once by the caller (<paramref name="minusBeta1OverK"/> =
    /// −(β₁/k), <paramref name="beta2OverK"/> = β₂/k, broadcast) and the lanes where err = 0 given as a mask
    /// (<paramref name="zeroError"/>, all bits set; the only thing the factor reads of err itself): the same bits,
    /// without the two scalar divisions per call on the divider the error norm's vector divisions need.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AcceptFactor(in ControllerGains g, Vector512<double> minusBeta1OverK, Vector512<double> beta2OverK,
        Vector512<double> zeroError, Vector512<double> logError, Vector512<double> logPreviousError)
    {
        Vector512<double> raw = Vector512.Create(g.Safety) * StepMath.Exp(Vector512.FusedMultiplyAdd(minusBeta1OverK, logError,
            beta2OverK * logPreviousError));
        return Vector512.ConditionalSelect(zeroError, Vector512.Create(g.MaxFactor),
            Clamp(raw, Vector512.Create(g.MinFactor), Vector512.Create(g.MaxFactor)));
    }

    /// <inheritdoc cref="UnclampedAcceptFactor(in ControllerGains, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> UnclampedAcceptFactor(in ControllerGains g, Vector512<double> logError, Vector512<double> logPreviousError) =>
        Vector512.Create(g.Safety) * StepMath.Exp(Vector512.FusedMultiplyAdd(Vector512.Create(-(g.Beta1 / g.K)), logError,
            Vector512.Create(g.Beta2 / g.K) * logPreviousError));

    /// <inheritdoc cref="NextLogPreviousError(double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NextLogPreviousError(Vector512<double> error, Vector512<double> logError, Vector512<double> logErrorFloor) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(error, Vector512.Create(StepSizeController.PreviousErrorFloor)), logError, logErrorFloor);

    /// <inheritdoc cref="NextStep(double, double, bool, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NextStep(Vector512<double> hTry, Vector512<double> factor, Vector512<double> clipped,
        Vector512<double> h, Vector512<double> direction, Vector512<double> minStep, Vector512<double> maxStep)
    {
        Vector512<double> hNext = hTry * factor;
        Vector512<double> keep = clipped & Vector512.LessThan(Vector512.Abs(hNext), Vector512.Abs(h));
        hNext = Vector512.ConditionalSelect(keep, h, hNext);
        return direction * Clamp(Vector512.Abs(hNext), minStep, maxStep);
    }

    /// <inheritdoc cref="RejectFactor(in ControllerGains, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> RejectFactor(in ControllerGains g, Vector512<double> error) =>
        RejectFactor(g, error, StepMath.Log(error));

    /// <summary><see cref="RejectFactor(in ControllerGains, Vector512{double})"/> given log err (= StepMath.Log(error)), which
    /// the accept path computes anyway: the same bits, one log fewer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> RejectFactor(in ControllerGains g, Vector512<double> error, Vector512<double> logError)
    {
        Vector512<double> raw = Vector512.Create(g.Safety) * StepMath.Exp(logError * Vector512.Create(-1.0 / g.K));
        var min = Vector512.Create(g.MinFactor);
        return Vector512.ConditionalSelect(Vector512.LessThan(error, Vector512.Create(double.PositiveInfinity)),
            Clamp(raw, min, Vector512<double>.One), min);
    }

    /// <inheritdoc cref="UnclampedRejectFactor(in ControllerGains, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> UnclampedRejectFactor(in ControllerGains g, Vector512<double> error) =>
        Vector512.Create(g.Safety) * StepMath.Exp(StepMath.Log(error) * Vector512.Create(-1.0 / g.K));

    /// <inheritdoc cref="ShrunkStep(in ControllerGains, double, double, double, double, out bool)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ShrunkStep(in ControllerGains g, Vector512<double> t, Vector512<double> hTry,
        Vector512<double> error, Vector512<double> minStep, out Vector512<double> canShrink) =>
        ShrunkStep(g, t, hTry, error, StepMath.Log(error), minStep, out canShrink);

    /// <summary><see cref="ShrunkStep(in ControllerGains, Vector512{double}, Vector512{double}, Vector512{double}, Vector512{double}, out Vector512{double})"/>
    /// given log err (= StepMath.Log(error)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ShrunkStep(in ControllerGains g, Vector512<double> t, Vector512<double> hTry,
        Vector512<double> error, Vector512<double> logError, Vector512<double> minStep, out Vector512<double> canShrink)
    {
        Vector512<double> h = hTry * RejectFactor(g, error, logError);
        Vector512<double> representable = (t + h) - t;
        canShrink = Vector512.GreaterThanOrEqual(Vector512.Abs(h), minStep)
            & ~Vector512.Equals(representable, Vector512<double>.Zero)
            & Vector512.LessThan(Vector512.Abs(representable), Vector512.Abs(hTry));
        return h;
    }

    /// <inheritdoc cref="ReusesLastStage(bool, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ReusesLastStage(bool fsal, Vector512<double> t, Vector512<double> hTry, Vector512<double> tNext) =>
        fsal ? Vector512.Equals(tNext, t + hTry) : Vector512<double>.Zero;

    /// <inheritdoc cref="Clamp(double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Clamp(Vector512<double> x, Vector512<double> low, Vector512<double> high)
    {
        x = Vector512.ConditionalSelect(Vector512.LessThan(x, low), low, x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, high), high, x);
    }
}
