namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>
/// A neural ODE: dz/dt = W₂·tanh(W₁z + b₁) + b₂ with n = 2 and 8 hidden units; θ = (W₁ row-major 8×2, b₁, W₂
/// row-major 2×8, b₂), m = 42. The hidden activations are recomputed unit by unit (no per-thread array).
/// </summary>
public readonly struct TanhMlpSystem : ITestSystem<double>
{
    public const int Hidden = 8;
    public static int N => 2;
    public static int M => Hidden * 2 + Hidden + 2 * Hidden + 2;

    private const int B1 = Hidden * 2, W2 = B1 + Hidden, B2 = W2 + 2 * Hidden;

    public static void F<TV>(TV z, TV p, TV dz) where TV : struct, IVec<double>
    {
        dz[0] = p[B2];
        dz[1] = p[B2 + 1];
        for (int i = 0; i < Hidden; i++)
        {
            double a = Math.Tanh(p[2 * i] * z[0] + p[2 * i + 1] * z[1] + p[B1 + i]);
            dz[0] += p[W2 + i] * a;
            dz[1] += p[W2 + Hidden + i] * a;
        }
    }

    public static void Vjp<TV>(TV z, TV p, TV v, TV gz, TV gp) where TV : struct, IVec<double>
    {
        gp[B2] += v[0];
        gp[B2 + 1] += v[1];
        for (int i = 0; i < Hidden; i++)
        {
            double a = Math.Tanh(p[2 * i] * z[0] + p[2 * i + 1] * z[1] + p[B1 + i]);
            gp[W2 + i] += v[0] * a;
            gp[W2 + Hidden + i] += v[1] * a;
            double d = (v[0] * p[W2 + i] + v[1] * p[W2 + Hidden + i]) * (1 - a * a);
            gp[B1 + i] += d;
            gp[2 * i] += d * z[0];
            gp[2 * i + 1] += d * z[1];
            gz[0] += d * p[2 * i];
            gz[1] += d * p[2 * i + 1];
        }
    }
}
