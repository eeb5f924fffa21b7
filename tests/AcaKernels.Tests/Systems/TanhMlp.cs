using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// A one-hidden-layer tanh network as a vector field: dz = W₂ tanh(W₁ z + b₁) + b₂, with n = 3 and
/// <see cref="Hidden"/> = 8 units, autonomous. Parameters, flattened in this order (m = 59):
/// W₁ (H×n, row-major: W₁[k, j] at k·n + j), b₁ (H), W₂ (n×H, row-major: W₂[i, k] at <see cref="W2Offset"/> + i·H + k),
/// b₂ (n).
/// </summary>
public readonly struct TanhMlp : ITestSystem, IOdeDynamics<double>, IOdeDynamics<float>
{
    private const int N = 3;

    /// <summary>Hidden units H.</summary>
    public const int Hidden = 8;

    /// <summary>Offset of W₁ in p.</summary>
    public const int W1Offset = 0;

    /// <summary>Offset of b₁ in p.</summary>
    public const int B1Offset = W1Offset + Hidden * N;

    /// <summary>Offset of W₂ in p.</summary>
    public const int W2Offset = B1Offset + Hidden;

    /// <summary>Offset of b₂ in p.</summary>
    public const int B2Offset = W2Offset + N * Hidden;

    /// <inheritdoc/>
    public static string Name => nameof(TanhMlp);

    /// <inheritdoc/>
    public static int StateSize => N;

    /// <inheritdoc/>
    public static int ParameterSize => B2Offset + N;

    /// <inheritdoc/>
    public static double[] SampleState => [0.4, -0.7, 1.1];

    /// <summary>Seeded weights: W₁ ~ U(−1, 1)/√n, W₂ ~ U(−1, 1)/√H, biases ~ U(−0.5, 0.5).</summary>
    public static double[] SampleParameters
    {
        get
        {
            var random = new Random(20240601);
            var p = new double[ParameterSize];
            for (int i = 0; i < p.Length; i++)
            {
                double u = 2 * random.NextDouble() - 1;
                p[i] = i < B1Offset ? u / Math.Sqrt(N)
                    : i < W2Offset ? u / 2
                    : i < B2Offset ? u / Math.Sqrt(Hidden)
                    : u / 2;
            }
            return p;
        }
    }

    /// <inheritdoc/>
    public static void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S>
    {
        for (int i = 0; i < N; i++) dz[i] = p[B2Offset + i];
        for (int k = 0; k < Hidden; k++)
        {
            S a = p[B1Offset + k];
            for (int j = 0; j < N; j++) a += p[W1Offset + k * N + j] * z[j];
            S h = S.Tanh(a);
            for (int i = 0; i < N; i++) dz[i] += p[W2Offset + i * Hidden + k] * h;
        }
    }

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) =>
        Rhs(new Real(t), Real.Cast(z), Real.Cast(p), Real.Cast(dz));

    /// <inheritdoc/>
    public static void Evaluate(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz) =>
        Rhs(new Real32(t), Real32.Cast(z), Real32.Cast(p), Real32.Cast(dz));

    /// <inheritdoc/>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP) => Vjp(z, p, v, gradZ, gradP);

    /// <inheritdoc/>
    public static float VectorJacobianProduct(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p,
        ReadOnlySpan<float> v, Span<float> gradZ, Span<float> gradP) => Vjp(z, p, v, gradZ, gradP);

    /// <summary>Per hidden unit k: recompute h = tanh(a), then back through W₂, tanh and W₁ (no scratch).</summary>
    private static T Vjp<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < N; i++) gradP[B2Offset + i] += v[i];
        for (int k = 0; k < Hidden; k++)
        {
            T a = p[B1Offset + k];
            for (int j = 0; j < N; j++) a += p[W1Offset + k * N + j] * z[j];
            T h = T.Tanh(a);
            T hBar = T.Zero;
            for (int i = 0; i < N; i++)
            {
                hBar += v[i] * p[W2Offset + i * Hidden + k];
                gradP[W2Offset + i * Hidden + k] += v[i] * h;
            }
            T aBar = hBar * (T.One - h * h);
            gradP[B1Offset + k] += aBar;
            for (int j = 0; j < N; j++)
            {
                gradP[W1Offset + k * N + j] += aBar * z[j];
                gradZ[j] += aBar * p[W1Offset + k * N + j];
            }
        }
        return T.Zero;
    }
}
