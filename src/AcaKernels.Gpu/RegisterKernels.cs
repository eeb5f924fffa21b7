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

    private static MethodInfo? Instantiate((Type State, Type Parameters)? form, Type stepper, Type number, Type real, Type kernel) =>
        form is { } f
            ? kernel.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(number, stepper, real, f.State, f.Parameters)
            : null;
}
