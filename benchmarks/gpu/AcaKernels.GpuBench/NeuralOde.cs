namespace AcaKernels.GpuBench;

/// <summary>
/// A float32 neural ODE, dz/dt = W₂ tanh(W₁ z + b₁) + b₂ with z ∈ ℝ² and <see cref="Hidden"/> = 32 tanh units (the shape
/// of torchdiffeq's ODE demo), autonomous, θ (162 values) shared by every trajectory: the workload of training one on a
/// batch of initial states. Layout: W₁ (H×2, row-major), b₁ (H), W₂ (2×H, row-major), b₂ (2). The generator emits
/// <c>NeuralOde.RhsOde</c> and its GPU steppers (<c>.Gpu.DormandPrince5</c>), a loop-form system: its kernels keep the
/// state and stages in per-thread arrays.
/// </summary>
public static partial class NeuralOde
{
    public const int N = 2;

    public const int Hidden = 32;

    private const int B1 = Hidden * N, W2 = B1 + Hidden, B2 = W2 + N * Hidden;

    /// <summary>The size of θ.</summary>
    public const int ParameterSize = B2 + N;

    [OdeDynamics(stateSize: N, parameterSize: ParameterSize)]
    public static void Rhs(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
        for (int k = 0; k < Hidden; k++)
        {
            float a = p[B1 + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            float h = MathF.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2 + i * Hidden + k] * h;
        }
    }

    /// <summary><see cref="Rhs"/> with its GPU step VJPs adding ∂L/∂θ stage by stage instead of in one sweep per step
    /// (RESULTS §66): the check times both, so one GPU run says whether the sweep pays there.</summary>
    [OdeDynamics(stateSize: N, parameterSize: ParameterSize, GpuParameterSweep = false)]
    public static void RhsPerStage(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
        for (int k = 0; k < Hidden; k++)
        {
            float a = p[B1 + k];
            for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
            float h = MathF.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2 + i * Hidden + k] * h;
        }
    }

    /// <summary>θ by a closed form that benchmarks/gpu/compare_gpu.py evaluates the same way (double, then rounded to
    /// float), so both sides solve the same network: W₁[k, j] = 1.5 sin(1.3k + 2.1j + 0.5), b₁[k] = 0.5 cos(0.7k + 0.3),
    /// W₂[i, k] = (4/√H) cos(1.1k(i + 1) + 0.2), b₂[i] = 0.1(i + 1).</summary>
    public static float[] Theta()
    {
        var p = new float[ParameterSize];
        for (int k = 0; k < Hidden; k++)
        {
            for (int j = 0; j < N; j++) p[k * N + j] = (float)(1.5 * Math.Sin(1.3 * k + 2.1 * j + 0.5));
            p[B1 + k] = (float)(0.5 * Math.Cos(0.7 * k + 0.3));
            for (int i = 0; i < N; i++) p[W2 + i * Hidden + k] = (float)(4 / Math.Sqrt(Hidden) * Math.Cos(1.1 * k * (i + 1) + 0.2));
        }
        for (int i = 0; i < N; i++) p[B2 + i] = (float)(0.1 * (i + 1));
        return p;
    }
}
