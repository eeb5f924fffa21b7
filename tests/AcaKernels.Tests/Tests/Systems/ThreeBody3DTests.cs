namespace AcaKernels.Tests.Systems;

/// <summary><see cref="ThreeBody3D"/>'s VJP and momentum (<see cref="ThreeBodyForceTests{TSys}"/>), with bodies moved
/// off the plane so that the z-axis terms are not zero.</summary>
public sealed class ThreeBody3DTests : ThreeBodyForceTests<ThreeBody3D>
{
    protected override int Axes => 3;

    protected override int DirectionSeed => 63;

    protected override double[] VjpState()
    {
        double[] z = ThreeBody3D.SampleState;
        z[2] = 0.1;
        z[8] = -0.2;
        return z;
    }

    protected override double[] MomentumState()
    {
        double[] z = ThreeBody3D.SampleState;
        z[5] = 0.3;
        return z;
    }
}
