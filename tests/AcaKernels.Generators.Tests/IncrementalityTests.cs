extern alias Generators;

using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeDynamicsGenerator = Generators::AcaKernels.Generators.OdeDynamicsGenerator;

namespace AcaKernels.Generators.Tests;

/// <summary>An unrelated edit leaves the pipeline cached; an edit of the dynamics regenerates it.</summary>
public sealed class IncrementalityTests
{
    private const string Dynamics = """
        namespace N;
        public static partial class C
        {
            [OdeDynamics(2, 1)]
            static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = z[1];
                dz[1] = -p[0] * Math.Sin(z[0]);
            }
        }
        """;

    [Fact]
    public void UnrelatedEdit_LeavesPipelineCached()
    {
        GeneratorRun first = GeneratorHarness.Run(Dynamics, "public class Other { public int X; }");
        Compilation edited = first.Input.ReplaceSyntaxTree(first.Input.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("public class Other { public int X; public int Y; }", GeneratorHarness.ParseOptions));
        GeneratorDriverRunResult second = first.Driver.RunGenerators(edited).GetRunResult();
        var steps = second.Results.Single().TrackedSteps;
        Assert.All(steps[OdeDynamicsGenerator.TransformStep].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(steps[OdeDynamicsGenerator.SpecStep].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(second.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditOfTheDynamics_Regenerates()
    {
        GeneratorRun first = GeneratorHarness.Run(Dynamics);
        Compilation edited = first.Input.ReplaceSyntaxTree(first.Input.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText(Dynamics.Replace("Math.Sin", "Math.Cos"), GeneratorHarness.ParseOptions));
        GeneratorDriverRunResult second = first.Driver.RunGenerators(edited).GetRunResult();
        Assert.Contains(second.Results.Single().TrackedSteps[OdeDynamicsGenerator.SpecStep].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Cos", second.GeneratedTrees.Single().ToString());
    }
}
