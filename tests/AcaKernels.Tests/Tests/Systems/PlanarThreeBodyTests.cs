namespace AcaKernels.Tests.Systems;

/// <summary><see cref="PlanarThreeBody"/>'s VJP and momentum (<see cref="ThreeBodyForceTests{TSys}"/>) at the
/// figure-eight sample state.</summary>
public sealed class PlanarThreeBodyTests : ThreeBodyForceTests<PlanarThreeBody>
{
    protected override int Axes => 2;

    protected override int DirectionSeed => 61;

    protected override double[] VjpState() => PlanarThreeBody.SampleState;

    protected override double[] MomentumState() => PlanarThreeBody.SampleState;
}
