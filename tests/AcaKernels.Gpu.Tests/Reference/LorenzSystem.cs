namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>Lorenz '63: θ = (σ, ρ, β).</summary>
public readonly struct LorenzSystem : ITestSystem
{
    public static int N => 3;
    public static int M => 3;

    public static void F<TV>(TV z, TV p, TV dz) where TV : struct, IVec
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }

    public static void Vjp<TV>(TV z, TV p, TV v, TV gz, TV gp) where TV : struct, IVec
    {
        gz[0] += -v[0] * p[0] + v[1] * (p[1] - z[2]) + v[2] * z[1];
        gz[1] += v[0] * p[0] - v[1] + v[2] * z[0];
        gz[2] += -v[1] * z[0] - v[2] * p[2];
        gp[0] += v[0] * (z[1] - z[0]);
        gp[1] += v[1] * z[0];
        gp[2] += -v[2] * z[2];
    }
}
