extern alias Generators;

using System.Collections;
using System.Reflection;
using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using OdeDynamicsGenerator = Generators::AcaKernels.Generators.OdeDynamicsGenerator;

namespace AcaKernels.Generators.Tests;

/// <summary>The pipeline's models hold no Roslyn symbols, syntax, operations or compilations (which would defeat
/// caching and keep compilations alive), and the generator's copy of the tableaus is the runtime's, bit for bit.</summary>
public sealed class ModelTests
{
    [Fact]
    public void PipelineModels_HoldNoRoslynObjects()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleCase.Get("TanhMlp").Source(), SampleCase.Get("SpatialFourBody").Source(),
            "public static partial class Bad { [OdeDynamics(1, 0)] static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) { dz[0] = z[3]; } }");
        var steps = run.Result.Results.Single().TrackedSteps;
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        int objects = 0;
        foreach (string step in new[] { OdeDynamicsGenerator.TransformStep, OdeDynamicsGenerator.SpecStep, OdeDynamicsGenerator.DiagnosticsStep })
            foreach (var output in steps[step].SelectMany(s => s.Outputs))
                objects += Walk(output.Value, visited, step);
        Assert.True(objects > 100, $"walked only {objects} objects");
    }

    private static int Walk(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 0;
        Type type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or IOperation or Location,
            $"{path} holds a {type.FullName}");
        Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
            && type.Name is not ("TextSpan" or "LinePositionSpan" or "LinePosition"), $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !visited.Add(value)) return 0;
        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items) count += Walk(item, visited, $"{path}[{i++}]");
        }
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            count += Walk(field.GetValue(value), visited, path + "." + field.Name);
        return count;
    }

    [Fact]
    public void GeneratorTableaus_AreTheRuntimeTableaus()
    {
        foreach (Tableaus.RungeKuttaMethod method in Unfused<double, Samples.Lorenz.RhsOde>.AdaptiveMethods)
        {
            Tableaus.ButcherTableau runtime = Tableaus.ButcherTableaus.Get(method);
            Type generatorType = typeof(OdeDynamicsGenerator).Assembly.GetType("AcaKernels.Tableaus." + method switch
            {
                Tableaus.RungeKuttaMethod.DormandPrince5 => "DormandPrince5",
                _ => method.ToString(),
            })!;
            object copy = generatorType.GetProperty("Tableau")!.GetValue(null)!;
            foreach (string member in new[] { "A", "B", "C", "Error", "Error2" })
            {
                var expected = (IEnumerable<double>?)typeof(Tableaus.ButcherTableau).GetProperty(member)!.GetValue(runtime);
                var actual = (IEnumerable<double>?)copy.GetType().GetProperty(member)!.GetValue(copy);
                Assert.Equal(expected?.Select(BitConverter.DoubleToInt64Bits), actual?.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }
}
