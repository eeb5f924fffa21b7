using System.Numerics;
using ILGPU;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>
/// A hand-written <see cref="IGpuStepper{T}"/>: Dormand-Prince 5(4) for a <see cref="ITestSystem"/>, doing exactly the
/// CPU engine's generic stepper arithmetic (the spec on ButcherTableau: stage sums start at the first nonzero
/// a_il·k_l and add the others by acc = fma(a_il, k_l, acc) in ascending l, y = fma(h, acc, z), error = h·acc over e;
/// the step VJP replays the stages and pulls back in its order, its accumulations fused too). It is the independent reference the ensemble kernels are tested with (and a check of the generated ones).
/// </summary>
public readonly struct Dopri5Stepper<T, TReal, TSystem> : IGpuStepper<T>
    where T : unmanaged, INumber<T>
    where TReal : struct, IReal<T>
    where TSystem : ITestSystem<T>
{
    public static int StateSize => TSystem.N;
    public static int ParameterSize => TSystem.M;
    public static int Stages => 7;
    public static bool IsFsal => true;
    public static int ErrorOrder => 4;
    public static bool HasSecondErrorEstimate => false;
    public static bool DependsOnTime => false;

    /// <summary>Stage inputs y (s·n), stages k (s·n), their adjoints (s·n), one input adjoint (n).</summary>
    public static int VjpScratchSize => 3 * 7 * TSystem.N + TSystem.N;

    // The Dormand-Prince tableau (J. R. Dormand, P. J. Prince, J. Comp. Appl. Math. 6, 1980), as AcaKernels' DormandPrince5.
    private static double A(int i, int l) => i switch
    {
        1 => 1.0 / 5,
        2 => l == 0 ? 3.0 / 40 : 9.0 / 40,
        3 => l switch { 0 => 44.0 / 45, 1 => -56.0 / 15, _ => 32.0 / 9 },
        4 => l switch { 0 => 19372.0 / 6561, 1 => -25360.0 / 2187, 2 => 64448.0 / 6561, _ => -212.0 / 729 },
        5 => l switch { 0 => 9017.0 / 3168, 1 => -355.0 / 33, 2 => 46732.0 / 5247, 3 => 49.0 / 176, _ => -5103.0 / 18656 },
        _ => l switch { 0 => 35.0 / 384, 1 => 0.0, 2 => 500.0 / 1113, 3 => 125.0 / 192, 4 => -2187.0 / 6784, _ => 11.0 / 84 },
    };

    private static double B(int i) => i == 6 ? 0.0 : A(6, i);

    private static double C(int i) => i switch { 0 => 0.0, 1 => 1.0 / 5, 2 => 3.0 / 10, 3 => 4.0 / 5, 4 => 8.0 / 9, _ => 1.0 };

    private static double E(int i) => i switch
    {
        0 => 71.0 / 57600, 1 => 0.0, 2 => -71.0 / 16695, 3 => 71.0 / 1920, 4 => -17253.0 / 339200, 5 => 22.0 / 525, _ => -1.0 / 40,
    };

    public static void Evaluate(double t, ArrayView<T> z, ArrayView<T> p, ArrayView<T> dz) =>
        TSystem.F(new ViewVec<T>(z), new ViewVec<T>(p), new ViewVec<T>(dz));

    public static void TrialStep(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> stages,
        ArrayView<T> zNew, ArrayView<T> error, ArrayView<T> error2)
    {
        int n = TSystem.N;
        T hT = TReal.From(h);
        for (int i = 1; i < 7; i++)
        {
            StageInput(i, hT, z, stages, zNew, n);
            Evaluate(t + C(i) * h, zNew, p, stages.SubView((long)i * n, n));
        }
        // FSAL: zNew is the last stage's input. error = h·Σ e_l·k_l.
        for (int j = 0; j < n; j++)
        {
            T acc = TReal.From(E(0)) * stages[j];
            for (int l = 1; l < 7; l++)
                if (E(l) != 0) acc = TReal.Fma(TReal.From(E(l)), stages[l * n + j], acc);
            error[j] = hT * acc;
        }
    }

    public static void StepVjp(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> adjointOut,
        ArrayView<T> adjointIn, ArrayView<T> gradP, ArrayView<T> scratch) =>
        Backward(t, h, z, p, adjointOut, adjointIn, gradP, scratch, timeTerms: false, out _, out _);

    public static void StepVjpWithTime(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> adjointOut,
        ArrayView<T> adjointIn, ArrayView<T> gradP, ArrayView<T> scratch, out T gradH, out T gradT) =>
        Backward(t, h, z, p, adjointOut, adjointIn, gradP, scratch, timeTerms: true, out gradH, out gradT);

    /// <summary>The step's backward; with <paramref name="timeTerms"/> also ∂L/∂h and Σ vᵀ∂f/∂t, term for term in
    /// the generic stepper's order (b terms first, then per stage the a terms and the stage time's share). The test
    /// systems are autonomous (their VJP gives no ∂f/∂t), so every stage time's share is 0.</summary>
    private static void Backward(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> adjointOut,
        ArrayView<T> adjointIn, ArrayView<T> gradP, ArrayView<T> scratch, bool timeTerms, out T gradH, out T gradT)
    {
        T zero = TReal.From(0);
        gradH = zero;
        gradT = zero;
        int n = TSystem.N, s = 7;
        T hT = TReal.From(h);
        ArrayView<T> inputs = scratch.SubView(0, s * n), stages = scratch.SubView(s * n, s * n);
        ArrayView<T> stageBars = scratch.SubView(2 * s * n, s * n), inputBar = scratch.SubView(3 * s * n, n);
        for (int j = 0; j < n; j++) inputs[j] = z[j];
        Evaluate(t, z, p, stages.SubView(0, n));
        for (int i = 1; i < s; i++)
        {
            ArrayView<T> y = inputs.SubView((long)i * n, n);
            StageInput(i, hT, z, stages, y, n);
            Evaluate(t + C(i) * h, y, p, stages.SubView((long)i * n, n));
        }
        for (int j = 0; j < n; j++) adjointIn[j] = adjointOut[j];
        for (int i = 0; i < s; i++)
        {
            T hb = hT * TReal.From(B(i));
            for (int j = 0; j < n; j++) stageBars[i * n + j] = hb * adjointOut[j];
            if (timeTerms && TReal.From(B(i)) != zero) gradH = TReal.Fma(TReal.From(B(i)), Dot(adjointOut, stages.SubView((long)i * n, n), n), gradH);
        }
        // The last stage (b = 0, feeding nothing) does not influence the step's result.
        for (int i = s - 2; i >= 0; i--)
        {
            for (int j = 0; j < n; j++) inputBar[j] = TReal.From(0);
            TSystem.Vjp(new ViewVec<T>(inputs.SubView((long)i * n, n)), new ViewVec<T>(p), new ViewVec<T>(stageBars.SubView((long)i * n, n)),
                new ViewVec<T>(inputBar), new ViewVec<T>(gradP));
            for (int j = 0; j < n; j++) adjointIn[j] += inputBar[j];
            for (int l = 0; l < i; l++)
            {
                double a = A(i, l);
                if (a == 0) continue;
                T ha = hT * TReal.From(a);
                for (int j = 0; j < n; j++) stageBars[l * n + j] = TReal.Fma(ha, inputBar[j], stageBars[l * n + j]);
                if (timeTerms) gradH = TReal.Fma(TReal.From(a), Dot(inputBar, stages.SubView((long)l * n, n), n), gradH);
            }
            if (timeTerms)
            {
                gradT += zero;
                gradH = TReal.Fma(TReal.From(C(i)), zero, gradH);
            }
        }
    }

    /// <summary>x₀y₀, then fma(x_j, y_j, sum), as the generic stepper's Dot.</summary>
    private static T Dot(ArrayView<T> x, ArrayView<T> y, int n)
    {
        T sum = x[0] * y[0];
        for (int j = 1; j < n; j++) sum = TReal.Fma(x[j], y[j], sum);
        return sum;
    }

    /// <summary>y = fma(h, Σ_l a_il·k_l, z) (nonzero a_il, ascending l, fused), in T as the CPU engine's generic stepper.
    /// Every row of A starts with a nonzero a_i0.</summary>
    private static void StageInput(int i, T hT, ArrayView<T> z, ArrayView<T> stages, ArrayView<T> y, int n)
    {
        for (int j = 0; j < n; j++)
        {
            T acc = TReal.From(A(i, 0)) * stages[j];
            for (int l = 1; l < i; l++)
                if (A(i, l) != 0) acc = TReal.Fma(TReal.From(A(i, l)), stages[l * n + j], acc);
            y[j] = TReal.Fma(hT, acc, z[j]);
        }
    }
}
