using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// A fixed-step kernel thread's trajectory b in and out, one contract for the four kernels (RK4 and the stepper's tableau,
/// over per-thread arrays and over the register form): z₀, θ and the finals laid out [component][trajectory] (stride B),
/// θ one row when <see cref="FixedStepSettings.SharedParameters"/>, and the status <see cref="OdeStatus.Success"/> unless a
/// final component is not finite (<see cref="OdeStatus.NonFiniteState"/>, that trajectory alone).
/// </summary>
/// <remarks>Device code: plain loops over views, no Span, stackalloc or exceptions. The kernel converts B to a long once
/// and passes it: converted in here, the sign extension was repeated at each call. With that the register kernels' PTX is
/// the one they had with these lines written in (sm_80, float32 Lorenz); the view kernels' differs only in the final
/// store, by one instruction per component.</remarks>
internal static class FixedStepTrajectory
{
    /// <summary>Trajectory b's z₀ into <paramref name="z"/> and its θ (or the shared θ) into <paramref name="theta"/>.</summary>
    public static void Load<T, TStepper>(FixedStepSettings s, int b, long B, ArrayView<T> z0, ArrayView<T> p, ArrayView<T> z,
        ArrayView<T> theta)
        where T : unmanaged where TStepper : struct, IGpuStepper<T>
    {
        for (int j = 0; j < TStepper.StateSize; j++) z[j] = z0[j * B + b];
        for (int j = 0; j < TStepper.ParameterSize; j++) theta[j] = s.SharedParameters != 0 ? p[j] : p[j * B + b];
    }

    /// <summary>Trajectory b's final state <paramref name="z"/> into <paramref name="finals"/>, its status into
    /// status[b].</summary>
    public static void Finish<T, TStepper, TReal>(int b, long B, ArrayView<T> z, ArrayView<T> finals, ArrayView<int> status)
        where T : unmanaged where TStepper : struct, IGpuStepper<T> where TReal : struct, IGpuReal<T>
    {
        int code = (int)OdeStatus.Success;
        for (int j = 0; j < TStepper.StateSize; j++)
        {
            T value = z[j];
            finals[j * B + b] = value;
            if (!TReal.IsFinite(value)) code = (int)OdeStatus.NonFiniteState;
        }
        status[b] = code;
    }

    /// <summary>Trajectory b's θ (or the shared θ) in registers.</summary>
    public static TParameters Parameters<T, TParameters>(FixedStepSettings s, int b, long B, ArrayView<T> p)
        where T : unmanaged where TParameters : struct, IGpuRegisterVector<T, TParameters> =>
        s.SharedParameters != 0 ? TParameters.Load(p, 0, 1) : TParameters.Load(p, b, B);

    /// <summary>As <see cref="Finish{T, TStepper, TReal}"/>, from registers.</summary>
    public static void Finish<T, TState>(int b, long B, TState z, ArrayView<T> finals, ArrayView<int> status)
        where T : unmanaged where TState : struct, IGpuRegisterVector<T, TState>
    {
        TState.Store(z, finals, b, B);
        status[b] = TState.IsFinite(z) ? (int)OdeStatus.Success : (int)OdeStatus.NonFiniteState;
    }
}
