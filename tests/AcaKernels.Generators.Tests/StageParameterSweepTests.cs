extern alias Generators;

using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;
using Generators::AcaKernels.Generators.Emit;
using Generators::AcaKernels.Generators.Ir;
using Generators::AcaKernels.Generators.Model;
using Generators::AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The GPU loop form's step VJPs chain the stages' state-only VJPs and add every stage's ∂L/∂θ in one sweep
/// (Emit/Gpu/StageParameterSweep): one read and one write of each ∂L/∂θ element a loop iteration touches, instead of one
/// per stage. Applied only where each element is written within one loop iteration or one top-level statement (then
/// every element gets its terms in the same order, so the same bits), and not where [OdeDynamics(…, GpuParameterSweep =
/// false)] turns it off; otherwise the stages' VJPs accumulate as before.
/// The bits themselves: AcaKernels.Gpu.Tests' CpuAcceleratorTests run the swept kernels of SweptMlp against the scalar
/// struct's fused hooks (a mutation that swept the stages in the wrong order failed there).
/// </summary>
public sealed class StageParameterSweepTests
{
    private const string Snips = """
        namespace SweepSnip;
        public static partial class S
        {
            // Each iteration writes its own weights: swept.
            [OdeDynamics(2, 128)]
            public static void OwnWeights(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                for (int i = 0; i < 2; i++) dz[i] = 0;
                for (int k = 0; k < 64; k++)
                {
                    double a = 0;
                    for (int j = 0; j < 2; j++) a += p[2 * k + j] * z[j];
                    double h = Math.Tanh(a);
                    for (int i = 0; i < 2; i++) dz[i] += h;
                }
            }

            // The same, with the sweep turned off: not swept.
            [OdeDynamics(2, 128, GpuParameterSweep = false)]
            public static void OwnWeightsPerStage(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                for (int i = 0; i < 2; i++) dz[i] = 0;
                for (int k = 0; k < 64; k++)
                {
                    double a = 0;
                    for (int j = 0; j < 2; j++) a += p[2 * k + j] * z[j];
                    double h = Math.Tanh(a);
                    for (int i = 0; i < 2; i++) dz[i] += h;
                }
            }

            // p[128] gets a term in every iteration: not swept.
            [OdeDynamics(2, 129)]
            public static void SharedGain(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                for (int i = 0; i < 2; i++) dz[i] = 0;
                for (int k = 0; k < 64; k++)
                {
                    double a = 0;
                    for (int j = 0; j < 2; j++) a += p[2 * k + j] * z[j];
                    double h = Math.Tanh(a);
                    for (int i = 0; i < 2; i++) dz[i] += p[128] * h;
                }
            }

            // p[0] gets terms from a top-level statement and from the loop's first iteration: not swept.
            [OdeDynamics(2, 128)]
            public static void SharedFirst(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = p[0] * z[1];
                dz[1] = z[0];
                for (int k = 0; k < 64; k++)
                {
                    double a = 0;
                    for (int j = 0; j < 2; j++) a += p[2 * k + j] * z[j];
                    double h = Math.Tanh(a);
                    for (int i = 0; i < 2; i++) dz[i] += h;
                }
            }
        }
        """;

    [Fact]
    public void UnitTanhMlp_StepVjpChainsStateVjps_AndSweepsTheParametersOnce()
    {
        GeneratorRun run = GeneratorHarness.Run([SampleCase.Get("UnitTanhMlp").Source(), .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string gpu = Assert.Single(run.GeneratedSources, s => s.Contains("UnitMlpOde", StringComparison.Ordinal)
            && s.Contains("public static class Gpu", StringComparison.Ordinal));
        Assert.DoesNotContain("private static double VectorJacobianProduct(", gpu, StringComparison.Ordinal);
        Assert.DoesNotContain("gradP", GeneratedMethod.Text(gpu, "private static double StateVectorJacobianProduct("), StringComparison.Ordinal);
        foreach (string method in new[] { "StepVjpDormandPrince5(", "StepVjpWithTimeDormandPrince5(" })
        {
            string stepVjp = GeneratedMethod.Text(gpu, "private static void " + method);
            // Dormand-Prince 5's stages 0–5 reach the new state (the FSAL stage 6 does not).
            Assert.Equal(6, Regex.Matches(stepVjp, @"StateVectorJacobianProduct\(").Count);
            // The stage arrays of its own (a small state: registerStages), inputs and seeds in the sweep's order.
            Assert.Contains("ParameterGradientDormandPrince5(t, h, z, p, y5, kBar5, y4, kBar4, y3, kBar3, y2, kBar2, y1, kBar1, kBar0, gradP);", stepVjp,
                StringComparison.Ordinal);
        }
        string sweep = GeneratedMethod.Text(gpu, "private static void ParameterGradientDormandPrince5(");
        // One loop over the 16 units; per iteration the unit's W₁ row (4), b₁ and W₂ column (4): 9 elements, each read
        // once into a local and stored once, whatever the number of stages.
        Assert.Single(Regex.Matches(sweep, @"for \(int k = 15; k > -1; k--\)"));
        Assert.Equal(9, Regex.Matches(sweep, @"double gp\d+ = gradP\[").Count);
        Assert.Equal(9, Regex.Matches(sweep, @"gradP\[[^\]]+\] = gp\d+;").Count);
        for (int stage = 0; stage <= 5; stage++)
            Assert.Contains($"double a_S{stage} = 0D;", sweep, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OwnWeightsOde", true)]
    [InlineData("OwnWeightsPerStageOde", false)]
    [InlineData("SharedGainOde", false)]
    [InlineData("SharedFirstOde", false)]
    public void Sweep_OnlyWhereEveryElementIsWrittenInOneInstance_AndNotWhereTurnedOff(string system, bool swept)
    {
        GeneratorRun run = GeneratorHarness.Run([Snips, .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string gpu = Assert.Single(run.GeneratedSources, s => s.Contains(system, StringComparison.Ordinal)
            && s.Contains("public static class Gpu", StringComparison.Ordinal));
        Assert.Contains("Loops over the state unrolled", gpu, StringComparison.Ordinal); // the form the sweep is for
        Assert.Equal(swept, gpu.Contains("private static void ParameterGradientDormandPrince5(", StringComparison.Ordinal));
        Assert.Equal(!swept, gpu.Contains("private static double VectorJacobianProduct(", StringComparison.Ordinal));
        Assert.Equal(swept ? 0 : 6, Regex.Matches(GeneratedMethod.Text(gpu, "private static void StepVjpDormandPrince5("), @"VectorJacobianProduct\([^;]*gradP\);").Count);
    }

    private const int K = 0, L = 1;

    /// <summary>gradP[index] += 1 (the IR's accumulation into ∂L/∂p).</summary>
    private static Stmt Write(Affine index) =>
        new AssignStmt(new GradientTarget(InputKind.Parameters, index), AssignOp.Add, new ConstExpr(ScalarType.Double, 1));

    private static Block Body(params Stmt[] statements) => new(statements.ToEquatableArray());

    private static Affine Of(int constant, int k = 0, int l = 0) =>
        Affine.Of(constant).Add(Affine.Variable(K).Scale(k)).Add(Affine.Variable(L).Scale(l));

    [Fact]
    public void Instances_NestedLoopsAndBranches_AreEnumerated()
    {
        // for k in 0..3: { for l in 0..1: p[2k + l]; if (…) p[8 + k] else p[12 + k] }; then p[16]: each element in one instance.
        var branch = new IfStmt(new BoolConstCond(true), Body(Write(Of(8, k: 1))), Body(Write(Of(12, k: 1))));
        Stmt[] disjoint =
        [
            new ForStmt(K, 0, 1, 4, Body(new ForStmt(L, 0, 1, 2, Body(Write(Of(0, k: 2, l: 1)))), branch)),
            Write(Of(16)),
        ];
        Assert.True(GradientSplit.ParameterWritesStayInOneInstance(disjoint));
        // Written twice within one iteration (two statements, or an inner loop's iterations): still one instance.
        Assert.True(GradientSplit.ParameterWritesStayInOneInstance(
            [new ForStmt(K, 0, 1, 4, Body(Write(Of(0, k: 1)), new ForStmt(L, 0, 1, 3, Body(Write(Of(0, k: 1))))))]));
        // p[k + l] with l in 0..1: p[1] from iterations k = 0 and k = 1.
        Assert.False(GradientSplit.ParameterWritesStayInOneInstance(
            [new ForStmt(K, 0, 1, 4, Body(new ForStmt(L, 0, 1, 2, Body(Write(Of(0, k: 1, l: 1))))))]));
        // The loop's p[3] (k = 3, counting down) and a top-level p[3].
        Assert.False(GradientSplit.ParameterWritesStayInOneInstance([new ForStmt(K, 3, -1, 4, Body(Write(Of(0, k: 1)))), Write(Of(3))]));
        // An index of a loop counter no enclosing loop binds cannot be evaluated.
        Assert.False(GradientSplit.ParameterWritesStayInOneInstance([Write(Of(0, l: 1))]));
        // More writes than the budget: not enumerated.
        Assert.False(GradientSplit.ParameterWritesStayInOneInstance([new ForStmt(K, 0, 1, 100, Body(Write(Of(0, k: 1))))], budget: 99));
        Assert.True(GradientSplit.ParameterWritesStayInOneInstance([new ForStmt(K, 0, 1, 100, Body(Write(Of(0, k: 1))))], budget: 100));
    }

    [Fact]
    public void StageSuffix_IsAReservedShape()
    {
        Assert.Equal("_S5", GeneratedNames.StageSuffix(5));
        Assert.True(GeneratedNames.IsReserved("a_S5"));
        Assert.True(GeneratedNames.IsReserved("hidden_S12"));
        Assert.Equal("a_S5u", GeneratedNames.Unreserved("a_S5"));
        Assert.False(GeneratedNames.IsReserved("a_S"));
        Assert.False(GeneratedNames.IsReserved("a_S5u"));
    }
}
