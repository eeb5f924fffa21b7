extern alias Generators;

using Generators::AcaKernels.Generators.Emit.Lanes;
using Generators::AcaKernels.Generators.Functions;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>Every math function the generator accepts has a vector form in the float64 lane kernels: none goes lane
/// by lane through the C runtime (the per-lane fallback, ~10× slower, RESULTS.md §52), so a new function added to
/// <see cref="MathFunction"/> without its lane form fails here.</summary>
public sealed class LaneMathTableTests
{
    public static TheoryData<string> Functions()
    {
        var data = new TheoryData<string>();
        foreach (MathFunction function in Enum.GetValues<MathFunction>()) data.Add(function.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_HasAVectorFormForVector512Double(string name)
    {
        LaneMathForm form = LaneMathTable.For(LaneTarget.Vector512Double, Enum.Parse<MathFunction>(name));
        Assert.NotEqual(LaneMathKind.Fallback, form.Kind);
    }
}
