namespace AcaKernels.Experiments.NeuralOde;

/// <summary>
/// A neural ODE, dz/dt = W₂ tanh(W₁ z + b₁) + b₂ with z ∈ ℝ² and <see cref="Hidden"/> = 32 tanh units (the shape of
/// torchdiffeq's ODE demo), autonomous; θ (<see cref="ParameterSize"/> = 162 values) shared by every trajectory of an
/// ensemble: the workload of training one on a batch of initial states. Layout: W₁ (H×2, row-major), b₁ (H), W₂ (2×H,
/// row-major), b₂ (2). The generator emits <c>NeuralOdeDynamics.RhsOde</c> (float64) and <c>RhsSingleOde</c> (float32,
/// the GPU's fast path) with their GPU steppers, whose Dormand-Prince 5 kernels `aca ensemble --system neural-ode`
/// launches from the binary. A loop-form system: its GPU kernels run f over a register state (RESULTS §67).
/// </summary>
public static partial class NeuralOdeDynamics
{
    /// <summary>The state size.</summary>
    public const int N = 2;

    /// <summary>Hidden tanh units.</summary>
    public const int Hidden = 32;

    private const int B1 = Hidden * N, W2 = B1 + Hidden, B2 = W2 + N * Hidden;

    /// <summary>The size of θ.</summary>
    public const int ParameterSize = B2 + N;

    /// <summary>The right-hand side.</summary>
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
    }

    /// <summary>The right-hand side in float32 (float64 time, as every float32 system; tanh in float arithmetic).</summary>
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

    /// <summary>A fixed θ by a closed form (in float64; a float32 system takes it rounded): W₁[k, j] = 1.5 sin(1.3k + 2.1j
    /// + 0.5), b₁[k] = 0.5 cos(0.7k + 0.3), W₂[i, k] = (4/√H) cos(1.1k(i + 1) + 0.2), b₂[i] = 0.1(i + 1) — weights of the
    /// size training starts from, giving curved, non-stiff flows on [−2, 2]². benchmarks/gpu's check solves the same
    /// network (its compare_gpu.py evaluates the same form).</summary>
    public static double[] Theta()
    {
        var p = new double[ParameterSize];
        for (int k = 0; k < Hidden; k++)
        {
            for (int j = 0; j < N; j++) p[k * N + j] = 1.5 * Math.Sin(1.3 * k + 2.1 * j + 0.5);
            p[B1 + k] = 0.5 * Math.Cos(0.7 * k + 0.3);
            for (int i = 0; i < N; i++) p[W2 + i * Hidden + k] = 4 / Math.Sqrt(Hidden) * Math.Cos(1.1 * k * (i + 1) + 0.2);
        }
        for (int i = 0; i < N; i++) p[B2 + i] = 0.1 * (i + 1);
        return p;
    }
}
