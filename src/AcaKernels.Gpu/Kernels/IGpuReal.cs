namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// What the kernels do with a state value of type T beyond copying it: widen it to double (error norms, as the CPU
/// engine computes them in double whatever T is), narrow a double, add, subtract, multiply, NaN and the finiteness
/// test. ILGPU cannot compile <c>double.CreateTruncating&lt;T&gt;</c> (it reads <see cref="Type"/>), so the kernels take
/// these as one more struct type argument: <see cref="GpuFloat64"/> or <see cref="GpuFloat32"/>.
/// </summary>
internal interface IGpuReal<T> where T : unmanaged
{
    static abstract double ToDouble(T x);
    static abstract T FromDouble(double x);
    static abstract T Add(T a, T b);
    static abstract T Subtract(T a, T b);
    static abstract T Multiply(T a, T b);
    /// <summary>a·b + c with one rounding (<see cref="GpuMath.Fma(double, double, double)"/>: the step-sum spec's FMA).</summary>
    static abstract T Fma(T a, T b, T c);
    static abstract T NaN { get; }
    /// <summary>Neither NaN nor infinite.</summary>
    static abstract bool IsFinite(T x);
}

/// <summary>float64 states.</summary>
internal readonly struct GpuFloat64 : IGpuReal<double>
{
    public static double ToDouble(double x) => x;
    public static double FromDouble(double x) => x;
    public static double Add(double a, double b) => a + b;
    public static double Subtract(double a, double b) => a - b;
    public static double Multiply(double a, double b) => a * b;
    public static double Fma(double a, double b, double c) => GpuMath.Fma(a, b, c);
    public static double NaN => double.NaN;
    // A comparison, not double.IsFinite's bit test: NaN compares false, ±∞ exceeds MaxValue; the same on every backend.
    public static bool IsFinite(double x) => Math.Abs(x) <= double.MaxValue;
}

/// <summary>float32 states (time and step sizes stay float64).</summary>
internal readonly struct GpuFloat32 : IGpuReal<float>
{
    public static double ToDouble(float x) => x;
    public static float FromDouble(double x) => (float)x;
    public static float Add(float a, float b) => a + b;
    public static float Subtract(float a, float b) => a - b;
    public static float Multiply(float a, float b) => a * b;
    public static float Fma(float a, float b, float c) => GpuMath.Fma(a, b, c);
    public static float NaN => float.NaN;
    public static bool IsFinite(float x) => MathF.Abs(x) <= float.MaxValue;
}
