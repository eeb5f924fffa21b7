namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// A neural ODE, dz = W₂ tanh(W₁ z + b₁) + b₂, with n = 3 and <see cref="Hidden"/> = 8 units, autonomous; θ is
/// shared by every trajectory in the ensemble tests. The layout of AcaKernels.Tests' hand-written TanhMlp (m = 59):
/// W₁ (H×n, row-major), b₁ (H), W₂ (n×H, row-major), b₂ (n).
/// </summary>
public static partial class TanhMlp
{
    private const int N = 3;

    /// <summary>Hidden units H.</summary>
    public const int Hidden = 8;

    /// <summary>Offset of b₁ in p (W₁ starts at 0).</summary>
    public const int B1Offset = Hidden * N;

    /// <summary>Offset of W₂ in p.</summary>
    public const int W2Offset = B1Offset + Hidden;

    /// <summary>Offset of b₂ in p.</summary>
    public const int B2Offset = W2Offset + N * Hidden;

    [OdeDynamics(stateSize: N, parameterSize: B2Offset + N)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2Offset + i];
        for (int k = 0; k < Hidden; k++)
        {
            double a = p[B1Offset + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            double h = Math.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2Offset + i * Hidden + k] * h;
        }
    }
}
