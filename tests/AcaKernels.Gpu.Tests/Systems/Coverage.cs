namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// Systems for the constructs the physical samples do not reach in the GPU form. Actuated (n = 2, the
/// straight-line register form): Math.Clamp and Math.Sign, which the GPU form prints as its own helpers, and a read
/// of t. LogLotkaVolterra (n = 2, float64 and float32): Math.Exp / MathF.Exp, which every generated kernel computes by
/// the runtime's OdeMath.Exp (the GPU form compiles its scalar algorithm). LogOscillator (n = 2, float64 and float32):
/// Math.Log / MathF.Log, likewise OdeMath.Log (GpuMath.Log on the GPU). DrivenPendulum (n = 2, float64 and float32):
/// Math.Sin / Math.Cos likewise (OdeMath.Sin/Cos, GpuMath.Sin/Cos on the GPU). HillFeedback (n = 2, float64 and
/// float32): Math.Pow / MathF.Pow with a parameter as the exponent, likewise OdeMath.Pow (GpuMath.Pow on the GPU; its
/// derivative rules call Pow and Log again), and a constant power 1.5, which the parser writes as
/// OdeMath.ThreeHalvesPower (x·√x with its own derivative, compiled by ILGPU as it is). SaturatingRotor (n = 2,
/// float64 and float32): Math.Atan, Atan2, Asin, Acos, Tan, Sinh and Cosh likewise (GpuMath's on the GPU). SoftSpring
/// (n = 2, float64 and float32): Math.Log10, Cbrt, Asinh, Acosh and Atanh likewise (ILGPU alone has no device cbrt,
/// asinh, acosh or atanh: before GpuMath's, such a system got no GPU form). TabulatedDrive (n = 2, float64 and float32):
/// a static readonly table read in f and its VJP (ILGPU inlines it into the kernels; before, ACA3001 and no GPU form).
/// TabulatedChain (n = 24, the loop form): a table read at a loop's run-time index. WideMlp (n = 4, 16 hidden units, the loop form): a stackalloc'd hidden layer and an inlined Dense helper,
/// which the GPU form keeps in per-thread LocalMemory; p = W₁ (16×4), b₁ (16), W₂ (4×16), b₂ (4), 148 values.
/// </summary>
public static partial class Coverage
{
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void Actuated(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double actuator = Math.Clamp(p[1] * (Math.Sin(t) - z[0]), -0.5, 0.5);
        dz[0] = z[1];
        dz[1] = actuator - p[0] * z[0] - p[2] * Math.Sign(z[1]);
    }

    /// <summary>Lotka–Volterra in log coordinates: du/dt = α − β·e^v, dv/dt = δ·e^u − γ, p = (α, β, δ, γ).</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 4)]
    public static void LogLotkaVolterra(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] - p[1] * Math.Exp(z[1]);
        dz[1] = p[2] * Math.Exp(z[0]) - p[3];
    }

    /// <summary><see cref="LogLotkaVolterra(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 4)]
    public static void LogLotkaVolterra(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] - p[1] * MathF.Exp(z[1]);
        dz[1] = p[2] * MathF.Exp(z[0]) - p[3];
    }

    /// <summary>The logarithmic oscillator: dx/dt = α − β·ln y, dy/dt = δ·ln x − γ, p = (α, β, δ, γ) (closed cycles
    /// around (e^{γ/δ}, e^{α/β}) in x, y &gt; 0).</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 4)]
    public static void LogOscillator(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] - p[1] * Math.Log(z[1]);
        dz[1] = p[2] * Math.Log(z[0]) - p[3];
    }

    /// <summary><see cref="LogOscillator(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 4)]
    public static void LogOscillator(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] - p[1] * MathF.Log(z[1]);
        dz[1] = p[2] * MathF.Log(z[0]) - p[3];
    }

    /// <summary>A driven damped pendulum: dθ/dt = ω, dω/dt = −(g/L)·sin θ − c·ω + A·cos(Ω·t), p = (g/L, c, A, Ω).</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 4)]
    public static void DrivenPendulum(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = z[1];
        dz[1] = -p[0] * Math.Sin(z[0]) - p[1] * z[1] + p[2] * Math.Cos(p[3] * t);
    }

    /// <summary><see cref="DrivenPendulum(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 4)]
    public static void DrivenPendulum(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = z[1];
        dz[1] = -p[0] * MathF.Sin(z[0]) - p[1] * z[1] + p[2] * MathF.Cos(p[3] * t);
    }

    /// <summary>Two-gene negative feedback with a Hill coefficient n as a parameter: dx/dt = α/(1 + y^n) − x,
    /// dy/dt = β(x − y), p = (α, β, n) (x, y stay positive from positive starts).</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void HillFeedback(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] / (1 + Math.Pow(z[1], p[2])) - z[0];
        dz[1] = p[1] * (z[0] - z[1]) - 0.01 * Math.Pow(z[1], 1.5);
    }

    /// <summary><see cref="HillFeedback(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void HillFeedback(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] / (1 + MathF.Pow(z[1], p[2])) - z[0];
        dz[1] = p[1] * (z[0] - z[1]) - 0.01f * MathF.Pow(z[1], 1.5f);
    }

    /// <summary>A saturating rotor: dθ/dt = a·atan(ω − θ) + atan2(ω, 2 + θ²)/10, dω/dt = −b·tan(θ/4) + sinh(ω/5)/5 −
    /// c·(cosh(θ/2) − 1) + (asin(tanh(ω)/2) − acos(tanh(θ)/2))/20, p = (a, b, c): Math.Atan, Atan2, Asin, Acos, Tan,
    /// Sinh and Cosh, likewise OdeMath's (GpuMath's on the GPU); tan's derivative reads its value, sinh's and cosh's
    /// call each other.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void SaturatingRotor(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * Math.Atan(z[1] - z[0]) + 0.1 * Math.Atan2(z[1], 2 + z[0] * z[0]);
        dz[1] = -p[1] * Math.Tan(0.25 * z[0]) + 0.2 * Math.Sinh(0.2 * z[1]) - p[2] * (Math.Cosh(0.5 * z[0]) - 1)
            + 0.05 * (Math.Asin(0.5 * Math.Tanh(z[1])) - Math.Acos(0.5 * Math.Tanh(z[0])));
    }

    /// <summary><see cref="SaturatingRotor(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void SaturatingRotor(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] * MathF.Atan(z[1] - z[0]) + 0.1f * MathF.Atan2(z[1], 2 + z[0] * z[0]);
        dz[1] = -p[1] * MathF.Tan(0.25f * z[0]) + 0.2f * MathF.Sinh(0.2f * z[1]) - p[2] * (MathF.Cosh(0.5f * z[0]) - 1)
            + 0.05f * (MathF.Asin(0.5f * MathF.Tanh(z[1])) - MathF.Acos(0.5f * MathF.Tanh(z[0])));
    }

    /// <summary>A spring with a cube-root restoring force, asinh and atanh saturations, log10 and acosh terms: Math.Log10,
    /// Cbrt, Asinh, Acosh and Atanh, OdeMath's (GpuMath's on the GPU). Their derivatives read no other transcendental
    /// function but Sqrt; cbrt's reads its value. The cube root's argument stays away from 0, where its derivative is
    /// infinite.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void SoftSpring(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = z[1] + 0.1 * Math.Asinh(z[0]) - 0.05 * Math.Log10(1 + z[1] * z[1]);
        dz[1] = -p[0] * Math.Cbrt(z[0] - 3) - p[1] * Math.Atanh(0.5 * Math.Tanh(z[1])) + p[2] * (Math.Acosh(1.5 + z[0] * z[0]) - 1);
    }

    /// <summary><see cref="SoftSpring(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void SoftSpring(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = z[1] + 0.1f * MathF.Asinh(z[0]) - 0.05f * MathF.Log10(1 + z[1] * z[1]);
        dz[1] = -p[0] * MathF.Cbrt(z[0] - 3) - p[1] * MathF.Atanh(0.5f * MathF.Tanh(z[1])) + p[2] * (MathF.Acosh(1.5f + z[0] * z[0]) - 1);
    }

    private static readonly double[] DriveAmplitudes = { 0.6, -0.3, 0.15, 0.05 };
    private static readonly float[] DriveAmplitudesSingle = [0.6f, -0.3f, 0.15f, 0.05f];

    /// <summary>A damped oscillator driven by a tabulated Fourier series, Σᵢ Aᵢ sin((i + 1)·Ω·t) with the amplitudes Aᵢ
    /// a static readonly table (inlined into the GPU kernels when they compile); its VJP reads the table again in
    /// ∂f/∂Ω. p = (ω², c, Ω).</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void TabulatedDrive(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double drive = 0;
        for (int i = 0; i < DriveAmplitudes.Length; i++)
            drive += DriveAmplitudes[i] * Math.Sin((i + 1) * p[2] * t);
        dz[0] = z[1];
        dz[1] = drive - p[0] * z[0] - p[1] * z[1];
    }

    /// <summary><see cref="TabulatedDrive(double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> in float32.</summary>
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void TabulatedDrive(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        float drive = 0;
        for (int i = 0; i < DriveAmplitudesSingle.Length; i++)
            drive += DriveAmplitudesSingle[i] * MathF.Sin((i + 1) * p[2] * t);
        dz[0] = z[1];
        dz[1] = drive - p[0] * z[0] - p[1] * z[1];
    }

    private const int Links = 24;

    private static readonly double[] LinkRates =
    [
        1.0, 0.9, 1.2, 0.7, 1.1, 0.8, 1.3, 0.6, 1.0, 0.95, 1.15, 0.75,
        1.05, 0.85, 1.25, 0.65, 0.9, 1.1, 0.8, 1.2, 0.7, 1.3, 0.6, 1.0,
    ];

    /// <summary>A chain of 24 links with tabulated rates: the loop form, so the table is read at the loop's index (a
    /// value known only at run time) in f and in its VJP. dz₀ = p₀ − r₀·z₀, dzᵢ = rᵢ·(zᵢ₋₁ − zᵢ) − p₁·zᵢ².</summary>
    [OdeDynamics(stateSize: Links, parameterSize: 2)]
    public static void TabulatedChain(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] - LinkRates[0] * z[0];
        for (int i = 1; i < Links; i++)
            dz[i] = LinkRates[i] * (z[i - 1] - z[i]) - p[1] * z[i] * z[i];
    }

    private const int N = 4, H = 16;

    [OdeDynamics(stateSize: N, parameterSize: H * N + H + N * H + N)]
    public static void WideMlp(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> hidden = stackalloc double[H];
        Dense(p.Slice(0, H * N), p.Slice(H * N, H), z, hidden, H, N);
        for (int i = 0; i < H; i++)
            hidden[i] = Math.Tanh(hidden[i]);
        Dense(p.Slice(H * N + H, N * H), p.Slice(H * N + H + N * H, N), hidden, dz, N, H);
    }

    /// <summary>y = W x + b for W (rows×cols, row-major).</summary>
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
