using System.Numerics;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>Lorenz '63: θ = (σ, ρ, β), in float64 or float32 (generic arithmetic: +, −, × only).</summary>
public readonly struct LorenzSystem<T> : ITestSystem<T> where T : unmanaged, INumber<T>
{
    public static int N => 3;
    public static int M => 3;

    public static void F<TV>(TV z, TV p, TV dz) where TV : struct, IVec<T>
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }

    public static void Vjp<TV>(TV z, TV p, TV v, TV gz, TV gp) where TV : struct, IVec<T>
    {
        gz[0] += -v[0] * p[0] + v[1] * (p[1] - z[2]) + v[2] * z[1];
        gz[1] += v[0] * p[0] - v[1] + v[2] * z[0];
        gz[2] += -v[1] * z[0] - v[2] * p[2];
        gp[0] += v[0] * (z[1] - z[0]);
        gp[1] += v[1] * z[0];
        gp[2] += -v[2] * z[2];
    }
}
