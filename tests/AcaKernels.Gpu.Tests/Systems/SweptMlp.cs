namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// A neural ODE written unit by unit, dz = W₂ tanh(W₁ z + b₁) + b₂ + e₁ Σₖ (d₂ₖ + 2 d₂ₖ₊₁) sin(cₖ z₀ + t), with z ∈ ℝ²,
/// <see cref="Hidden"/> = 32 units (the shape of benchmarks/gpu's NeuralOde) and <see cref="Features"/> = 4 sine features
/// of z₀ and t: the loop form whose GPU step VJPs chain the stages' state-only VJPs and then sweep every stage's ∂L/∂θ
/// at once (the generator's StageParameterSweep), over two top-level loops; the second reads t and writes its d's
/// in an inner loop (elements the sweep leaves in gradP, not in locals). Layout: W₁ (H×2, row-major), b₁ (H),
/// W₂ (2×H, row-major), b₂ (2), c (F), d (2F). <see cref="RhsPerStage"/> is the same system with the sweep turned off.
/// </summary>
public static partial class SweptMlp
{
    private const int N = 2;

    /// <summary>Hidden units H.</summary>
    public const int Hidden = 32;

    /// <summary>Sine features F.</summary>
    public const int Features = 4;

    private const int B1 = Hidden * N, W2 = B1 + Hidden, B2 = W2 + N * Hidden, C = B2 + N, D = C + Features;

    /// <summary>The size of θ.</summary>
    public const int ParameterSize = D + 2 * Features;

    [OdeDynamics(stateSize: N, parameterSize: ParameterSize)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
        for (int k = 0; k < Hidden; k++)
        {
            double a = p[B1 + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            double h = Math.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2 + i * Hidden + k] * h;
        }
        for (int k = 0; k < Features; k++)
        {
            double s = Math.Sin(p[C + k] * z[0] + t);
            for (int l = 0; l < 2; l++) dz[1] += p[D + 2 * k + l] * s * (l + 1);
        }
    }

    /// <summary><see cref="Rhs"/> with the sweep turned off: its step VJPs add ∂L/∂θ stage by stage (the same bits).</summary>
    [OdeDynamics(stateSize: N, parameterSize: ParameterSize, GpuParameterSweep = false)]
    public static void RhsPerStage(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
        for (int k = 0; k < Hidden; k++)
        {
            double a = p[B1 + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            double h = Math.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2 + i * Hidden + k] * h;
        }
        for (int k = 0; k < Features; k++)
        {
            double s = Math.Sin(p[C + k] * z[0] + t);
            for (int l = 0; l < 2; l++) dz[1] += p[D + 2 * k + l] * s * (l + 1);
        }
    }

    /// <summary><see cref="Rhs"/> in float32.</summary>
    [OdeDynamics(stateSize: N, parameterSize: ParameterSize)]
    public static void RhsSingle(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
        for (int k = 0; k < Hidden; k++)
        {
            float a = p[B1 + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            float h = MathF.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2 + i * Hidden + k] * h;
        }
        for (int k = 0; k < Features; k++)
        {
            float s = MathF.Sin(p[C + k] * z[0] + t);
            for (int l = 0; l < 2; l++) dz[1] += p[D + 2 * k + l] * s * (l + 1);
        }
    }

    /// <summary>Seeded weights of order 1/√fan-in.</summary>
    public static double[] Parameters()
    {
        var random = new Random(20261205);
        var p = new double[ParameterSize];
        for (int i = 0; i < p.Length; i++)
        {
            double u = 2 * random.NextDouble() - 1;
            p[i] = i < B1 ? u / Math.Sqrt(N) : i < W2 ? u / 2 : i < B2 ? u / Math.Sqrt(Hidden) : i < C ? u / 2 : u;
        }
        return p;
    }
}
