using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// A tanh-MLP neural ODE dz = W₂ tanh(W₁z + b₁) + b₂, n = 4, hidden 16; p = [W₁ (16×4), b₁, W₂ (4×16), b₂]
/// (148 parameters). Written by hand, with a hand-written VJP: the baseline for the generated version.
/// </summary>
public readonly struct MlpDynamics : IOdeDynamics<double>
{
    public const int N = 4, H = 16;
    private const int B1 = H * N, W2 = B1 + H, B2 = W2 + N * H;

    public static int StateSize => N;
    public static int ParameterSize => B2 + N;

    // SkipLocalsInit: otherwise the JIT zeroes `hidden` with 256/512-bit stores and every Math.Tanh call after it
    // pays an AVX→SSE transition (~330 ns each on the Intel VM; RESULTS.md §V); the generated struct carries it too.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> hidden = stackalloc double[H];
        for (int r = 0; r < H; r++)
        {
            double sum = p[B1 + r];
            for (int c = 0; c < N; c++) sum += p[r * N + c] * z[c];
            hidden[r] = Math.Tanh(sum);
        }
        for (int r = 0; r < N; r++)
        {
            double sum = p[B2 + r];
            for (int c = 0; c < H; c++) sum += p[W2 + r * H + c] * hidden[c];
            dz[r] = sum;
        }
    }

    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        Span<double> hidden = stackalloc double[H];
        for (int r = 0; r < H; r++)
        {
            double sum = p[B1 + r];
            for (int c = 0; c < N; c++) sum += p[r * N + c] * z[c];
            hidden[r] = Math.Tanh(sum);
        }
        for (int r = 0; r < N; r++)
        {
            gradP[B2 + r] += v[r];
            for (int c = 0; c < H; c++) gradP[W2 + r * H + c] += v[r] * hidden[c];
        }
        for (int c = 0; c < H; c++)
        {
            double hiddenBar = 0;
            for (int r = 0; r < N; r++) hiddenBar += p[W2 + r * H + c] * v[r];
            double preBar = hiddenBar * (1 - hidden[c] * hidden[c]);
            gradP[B1 + c] += preBar;
            for (int k = 0; k < N; k++)
            {
                gradP[c * N + k] += preBar * z[k];
                gradZ[k] += preBar * p[c * N + k];
            }
        }
        return 0;
    }
}

/// <summary>The same MLP as a user writes it, with a Dense helper; the generator emits <c>GeneratedMlp.RhsOde</c>.</summary>
public static partial class GeneratedMlp
{
    private const int N = MlpDynamics.N, H = MlpDynamics.H;

    [OdeDynamics(N, H * N + H + N * H + N)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> hidden = stackalloc double[H];
        Dense(p.Slice(0, H * N), p.Slice(H * N, H), z, hidden, H, N);
        for (int i = 0; i < H; i++)
            hidden[i] = Math.Tanh(hidden[i]);
        Dense(p.Slice(H * N + H, N * H), p.Slice(H * N + H + N * H, N), hidden, dz, N, H);
    }

    private static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            double sum = b[r];
            for (int c = 0; c < cols; c++)
                sum += w[r * cols + c] * x[c];
            y[r] = sum;
        }
    }
}
