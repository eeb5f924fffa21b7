using System.Reflection;
using ILGPU;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The contract the generator prints against: every member of <see cref="IGpuStepper{T}"/> is a static abstract
/// (what lets a generic ILGPU kernel call it without an instance) and uses only types ILGPU compiles.
/// </summary>
public sealed class ContractTests
{
    [Fact]
    public void EveryMemberIsStaticAbstractAndKernelSafe()
    {
        Type contract = typeof(IGpuStepper<>);
        MethodInfo[] methods = contract.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance);
        Assert.NotEmpty(methods);
        foreach (MethodInfo method in methods)
        {
            Assert.True(method.IsStatic && method.IsAbstract, $"{method.Name} must be static abstract");
            foreach (ParameterInfo parameter in method.GetParameters())
            {
                // An out parameter of T (StepVjpWithTime's time terms) is a by-ref T: ILGPU compiles it as a private value.
                Type type = parameter.IsOut ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
                bool safe = type == typeof(double) || type.IsGenericParameter
                    || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ArrayView<>));
                Assert.True(safe, $"{method.Name}({parameter.Name}: {type.Name}) is not a kernel-safe parameter");
            }
        }
    }
}
