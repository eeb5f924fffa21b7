using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// The same network as <see cref="NeuralOde.Mlp"/> written unit by unit, as torchdiffeq's demo and a GPU kernel would:
/// each hidden unit's pre-activation, tanh and contribution to dz in one iteration. Its iterations stand alone, so the
/// GPU form's VJP recomputes each one in the reverse sweep instead of taping a and h (Passes/Reverse/RecomputedLoops).
/// </summary>
public static partial class UnitNeuralOde
{
    private const int N = 4, H = 16, B1 = H * N, W2 = B1 + H, B2 = W2 + N * H;

    [OdeDynamics(N, B2 + N)]
    public static void UnitMlp(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
        for (int k = 0; k < H; k++)
        {
            double a = p[B1 + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            double h = Math.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2 + i * H + k] * h;
        }
    }
}
