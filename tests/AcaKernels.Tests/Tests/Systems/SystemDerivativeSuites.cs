namespace AcaKernels.Tests.Systems;

/// <summary>The derivative suite, once per hand-written system.</summary>
public static class SystemDerivativeSuites
{
    public sealed class ExponentialDecayDerivatives : SystemDerivativeTests<ExponentialDecay>;

    public sealed class HarmonicOscillatorDerivatives : SystemDerivativeTests<HarmonicOscillator>;

    public sealed class Lorenz63Derivatives : SystemDerivativeTests<Lorenz63>;

    public sealed class VanDerPolDerivatives : SystemDerivativeTests<VanDerPol>;

    public sealed class TanhMlpDerivatives : SystemDerivativeTests<TanhMlp>;

    public sealed class ForcedOscillatorDerivatives : SystemDerivativeTests<ForcedOscillator>;
}
