using System.Reflection;

namespace AcaKernels.Gpu;

/// <summary>
/// Finds a stepper's register form (<see cref="IGpuRegisterStepper{T, TState, TParameters}"/>) and instantiates a
/// register kernel over it. By reflection, as every kernel instantiation of this JIT host: the state and parameter
/// struct types are the interface's type arguments, which generic code over IGpuStepper cannot name.
/// </summary>
internal static class RegisterKernels
{
    /// <summary>The (TState, TParameters) of <paramref name="stepper"/>'s register form for <paramref name="number"/>, or null.</summary>
    public static (Type State, Type Parameters)? Form(Type stepper, Type number) => Form(stepper, number, typeof(IGpuRegisterStepper<,,>));

    private static (Type State, Type Parameters)? Form(Type stepper, Type number, Type definition)
    {
        foreach (Type contract in stepper.GetInterfaces())
        {
            if (!contract.IsGenericType || contract.GetGenericTypeDefinition() != definition) continue;
            Type[] arguments = contract.GetGenericArguments();
            if (arguments[0] == number) return (arguments[1], arguments[2]);
        }
        return null;
    }

    /// <summary><paramref name="kernel"/>'s Run&lt;T, TStepper, TReal, TState, TParameters&gt; for the stepper's register
    /// form, or null when the stepper has none.</summary>
    public static MethodInfo? For(Type stepper, Type number, Type real, Type kernel) =>
        Instantiate(Form(stepper, number), stepper, number, real, kernel);

    /// <summary>As <see cref="For"/>, for a kernel over the register trial step
    /// (<see cref="IGpuRegisterTrialStepper{T, TState, TParameters}"/>); null when the stepper has none.</summary>
    public static MethodInfo? ForTrialStep(Type stepper, Type number, Type real, Type kernel) =>
        Instantiate(Form(stepper, number, typeof(IGpuRegisterTrialStepper<,,>)), stepper, number, real, kernel);

    // A kernel whose constraints the form does not meet is not instantiated: the fixed-step register kernels read θ
    // strided ([component][trajectory]) into fields, so they need the field form, which loop-form systems (θ as a
    // GpuParameterView) do not have; their solvers then take the view kernels. The runtime's own constraint check
    // decides (MakeGenericMethod throws ArgumentException on a violated constraint).
    private static MethodInfo? Instantiate((Type State, Type Parameters)? form, Type stepper, Type number, Type real, Type kernel)
    {
        if (form is not { } f) return null;
        MethodInfo run = kernel.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            return run.MakeGenericMethod(number, stepper, real, f.State, f.Parameters);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
