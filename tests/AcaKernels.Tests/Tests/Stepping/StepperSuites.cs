using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Stepping;

/// <summary>The stepper suite on each system with non-trivial stages (the linear ones add nothing here).</summary>
public static class StepperSuites
{
    /// <summary>h = 0.02: about 1/40 of Lorenz's fastest time scale, within every method's stability region.</summary>
    public sealed class Lorenz63Stepper : StepperTests<Lorenz63>
    {
        protected override double StepSize => 0.02;
    }

    public sealed class TanhMlpStepper : StepperTests<TanhMlp>
    {
        protected override double StepSize => 0.3;
    }

    /// <summary>Non-autonomous: the only suite where ∂L/∂t is not zero.</summary>
    public sealed class ForcedOscillatorStepper : StepperTests<ForcedOscillator>
    {
        protected override double StepSize => 0.2;
    }

    public sealed class VanDerPolStepper : StepperTests<VanDerPol>
    {
        protected override double StepSize => 0.1;
    }
}
