using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The lane step VJP in loop form keeps the replay's roots and quotients for the stage VJPs (Passes/Reverse/ReplayReuse):
/// the planar three-body's Dormand-Prince 5 replays f at stages 0–4 with <c>EvaluateLanesKeeping</c>, whose r and
/// c = 1/(r·r·r) the VJPs of those stages read back (<c>VectorJacobianProductLanesKept</c>: no √ and no ÷, the power
/// rule −1.5·c·c·r taking c̄ into dx² + dy², Passes/Reverse/PowerChains); stage 5, whose f the replay does not evaluate, runs the plain VJP. That each lane keeps the
/// scalar kernels' bits is LaneEngineThreeBodyTests' business (the same planar system, every fused method). Values
/// nested in a statement (the repressilator's pows and quotients) are kept by the lanes and the scalar register kernels
/// alike; the sample NestedValues holds their bits in LaneKernelTests, FusedStepTests and the with-time tests.
/// </summary>
public sealed class ReplayReuseTests
{
    private const string Planar = """
        namespace ReplaySnip;
        public static partial class S
        {
            [OdeDynamics(12, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double dx01 = z[2] - z[0], dy01 = z[3] - z[1];
                double dx02 = z[4] - z[0], dy02 = z[5] - z[1];
                double dx12 = z[4] - z[2], dy12 = z[5] - z[3];
                double r01 = Math.Sqrt(dx01 * dx01 + dy01 * dy01);
                double r02 = Math.Sqrt(dx02 * dx02 + dy02 * dy02);
                double r12 = Math.Sqrt(dx12 * dx12 + dy12 * dy12);
                double c01 = 1 / (r01 * r01 * r01), c02 = 1 / (r02 * r02 * r02), c12 = 1 / (r12 * r12 * r12);
                for (int k = 0; k < 6; k++) dz[k] = z[6 + k];
                dz[6] = p[1] * dx01 * c01 + p[2] * dx02 * c02;
                dz[7] = p[1] * dy01 * c01 + p[2] * dy02 * c02;
                dz[8] = -p[0] * dx01 * c01 + p[2] * dx12 * c12;
                dz[9] = -p[0] * dy01 * c01 + p[2] * dy12 * c12;
                dz[10] = -p[0] * dx02 * c02 - p[1] * dx12 * c12;
                dz[11] = -p[0] * dy02 * c02 - p[1] * dy12 * c12;
            }
        }
        """;

    [Fact]
    public void PlanarThreeBody_StageVjpsReadTheReplaysRootsAndQuotients()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, Planar);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);

        // The loop form (the kernel with time terms; the plain one is straight-line within the lane budget). Its time
        // terms read stage 5's value too, so stage 5's f is replayed and kept as well: all six stage VJPs read back.
        string step = GeneratedMethod.Text(generated, "private static void StepVjpWithTimeLanesDormandPrince5(", withoutComments: true);
        Assert.Equal(6, Count(step, "EvaluateLanesKeeping("));
        Assert.Equal(6, Count(step, "VectorJacobianProductLanesKept("));
        Assert.Equal(0, Count(step, "VectorJacobianProductLanes("));
        // The straight-line form: the replay's 5 × 3 roots, and stage 5's VJP (its f is not replayed) computes its own 3;
        // the five other stage VJPs load their 6 values from scratch.
        string straight = GeneratedMethod.Text(generated, "private static void StepVjpLanesDormandPrince5(", withoutComments: true);
        Assert.Equal(0, Count(straight, "VectorJacobianProductLanes"));
        Assert.Equal(18, Count(straight, "Sqrt("));

        string kept = GeneratedMethod.Text(generated,
            "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanesKept(", withoutComments: true);
        Assert.Equal(0, Count(kept, "Sqrt("));
        Assert.Equal(0, Count(kept, " / "));   // the power rule −1.5·c·c·r replaces −g·c·c and √'s 1/(r + r)
        string plain = GeneratedMethod.Text(generated,
            "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanes(", withoutComments: true);
        Assert.Equal(3, Count(plain, "Sqrt("));
        Assert.Equal(3, Count(plain, " / "));   // the forward sweep's three quotients

        // Three roots and three quotients per stage, for the tableau with the most stages.
        int stages = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince853).Stages;
        Assert.Contains($"public static int LaneStepVjpWorkspaceLength => {6 * stages};", generated, StringComparison.Ordinal);
    }

    private const string Repressilator = """
        namespace ReplaySnip;
        public static partial class R
        {
            [OdeDynamics(6, 4)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = -z[0] + p[0] / (1 + Math.Pow(z[5], p[3])) + p[1];
                dz[1] = -z[1] + p[0] / (1 + Math.Pow(z[3], p[3])) + p[1];
                dz[2] = -z[2] + p[0] / (1 + Math.Pow(z[4], p[3])) + p[1];
                dz[3] = -p[2] * (z[3] - z[0]);
                dz[4] = -p[2] * (z[4] - z[1]);
                dz[5] = -p[2] * (z[5] - z[2]);
            }
        }
        """;

    /// <summary>The repressilator's pows and quotients sit inside its outputs' values, with no local of their own: the
    /// replay computes each into a local (sub0 = pow, sub1 = p0 / (1 + sub0), …) and keeps it, and the stage VJPs read
    /// them back instead of computing the 3 pows and 3 quotients again (RecomputedValues).</summary>
    [Fact]
    public void Repressilator_StageVjpsReadTheReplaysNestedPowsAndQuotients()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, Repressilator);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        string step = GeneratedMethod.Text(generated, "private static void StepVjpLanesDormandPrince5(", withoutComments: true);
        // Stages 0–4 replayed (3 pows each, kept); stage 5's f is not replayed, so its VJP computes its own 3.
        Assert.Equal(5 * 3 + 3, Count(step, "OdeMath.Pow("));
        Assert.Equal(5, Count(step, "sub0 = "));
        Assert.Equal(5, Count(step, "sub1 = p0 / ("));
        // The quotients: 3 per replayed stage, and per stage VJP the seed's g / (1 + pow) (3), plus stage 5's own 3.
        Assert.Equal(5 * 3 + 6 * 3 + 3, Count(step, " / "));
        // Six values per stage (a pow and a quotient per output), for the tableau with the most stages.
        int stages = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince853).Stages;
        Assert.Contains($"public static int LaneStepVjpWorkspaceLength => {6 * stages}", generated, StringComparison.Ordinal);
    }

    /// <summary>The scalar register backward does the same on the CPU: its replay keeps the 3 pows and 3 quotients of
    /// each stage whose VJP runs in a stack array of the step, and the stage VJPs read them back; the GPU form (printed
    /// for ILGPU) recomputes them.</summary>
    [Fact]
    public void Repressilator_ScalarRegisterStepVjpReadsTheReplaysNestedValues()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, Repressilator);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        string replay = GeneratedMethod.Text(generated, "private static void ReplayDormandPrince5(", withoutComments: true);
        Assert.Equal(5 * 3, Count(replay, "OdeMath.Pow("));
        Assert.Equal(5 * 6, Count(replay, "kept["));
        string step = GeneratedMethod.Text(generated, "private static void StepVjpDormandPrince5(", withoutComments: true);
        int stages = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince5).Stages;
        Assert.Contains($"stackalloc double[{stages * 6}]", step, StringComparison.Ordinal);
        // Only stage 5's VJP (its f is not replayed) computes pows of its own.
        Assert.Equal(3, Count(step, "OdeMath.Pow("));
        Assert.Equal(5 * 6, Count(step, "kept["));
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
