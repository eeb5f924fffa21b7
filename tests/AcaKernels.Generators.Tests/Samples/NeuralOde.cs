using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// A tanh-MLP neural ODE dz = W₂ tanh(W₁ z + b₁) + b₂ with n = 4, hidden width 16; p packs W₁ (16×4, row-major),
/// b₁ (16), W₂ (4×16), b₂ (4): 64 + 16 + 64 + 4 = 148 parameters.
/// </summary>
public static partial class NeuralOde
{
    private const int N = 4, H = 16;

    [OdeDynamics(N, H * N + H + N * H + N)]
    public static void Mlp(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> hidden = stackalloc double[H];
        Dense(p.Slice(0, H * N), p.Slice(H * N, H), z, hidden, H, N);
        for (int i = 0; i < H; i++)
            hidden[i] = Math.Tanh(hidden[i]);
        Dense(p.Slice(H * N + H, N * H), p.Slice(H * N + H + N * H, N), hidden, dz, N, H);
    }

    /// <summary>y = W x + b for W (rows×cols, row-major).</summary>
    private static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y,
        int rows, int cols)
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
