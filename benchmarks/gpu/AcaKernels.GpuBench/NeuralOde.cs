using AcaKernels.Experiments.NeuralOde;

namespace AcaKernels.GpuBench;

/// <summary>
/// The check's float32 neural ODE: <see cref="NeuralOdeDynamics"/> (dz/dt = W₂ tanh(W₁ z + b₁) + b₂, z ∈ ℝ², 32 tanh units,
/// θ of 162 values shared by every trajectory; its <c>RhsSingleOde</c> and GPU steppers), the network `aca ensemble
/// --system neural-ode` runs, and here beside it the same f with its GPU step VJPs adding ∂L/∂θ stage by stage instead of
/// in one sweep per step (RESULTS §66): the check times both, so one GPU run says whether the sweep pays there.
/// </summary>
public static partial class NeuralOde
{
    public const int N = NeuralOdeDynamics.N;

    public const int Hidden = NeuralOdeDynamics.Hidden;

    private const int B1 = Hidden * N, W2 = B1 + Hidden, B2 = W2 + N * Hidden;

    /// <summary>The size of θ.</summary>
    public const int ParameterSize = NeuralOdeDynamics.ParameterSize;

    /// <summary><see cref="NeuralOdeDynamics"/>' float32 f, with GpuParameterSweep = false.</summary>
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

    /// <summary><see cref="NeuralOdeDynamics.Theta"/> rounded to float (benchmarks/gpu/compare_gpu.py evaluates the same
    /// closed form, so both sides solve the same network).</summary>
    public static float[] Theta() => NeuralOdeDynamics.Theta().Select(v => (float)v).ToArray();
}
