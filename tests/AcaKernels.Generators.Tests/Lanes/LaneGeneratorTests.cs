using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Lane kernels of programs generated in memory: real-valued branches inside loops (if-converted in the loop form,
/// unrolled away in the straight-line form), with uniform loop-counter conditions and a mixed one, checked lane by
/// lane against the scalar kernels in both forms; and what gets no lane kernels (the hooks then return false).
/// </summary>
public sealed class LaneGeneratorTests
{
    private const string LoopBranches = """
        namespace LaneSnip;
        public static partial class S
        {
            private static readonly double[] W = { 0.5, -1.0, 2.0, 0.25 };

            [OdeDynamics(4, 2)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> a = stackalloc double[4];
                double acc = 0;
                for (int i = 0; i < 4; i++)
                {
                    if (z[i] > p[0]) { a[i] = Math.Exp(-z[i]) * W[i]; acc += a[i]; }
                    else if (i > 0 && z[i] < z[3 - i]) a[i] = z[3 - i] / (z[i] - p[1]);
                    else a[i] = -z[i];
                    for (int j = 0; j < 4; j++)
                        if (j != i) a[i] += z[j] > 0 ? 0.1 * z[j] : Math.Tanh(z[j]) * t;
                    a[i] += (i == 2 ? W[i] : 1.0) * z[i];
                }
                for (int i = 0; i < 4; i++) dz[i] = a[i] + (acc > 1 ? Math.Sqrt(acc) : acc * acc);
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoopBranches_BothForms_EveryLaneIsBitIdenticalToTheScalarKernels(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, LoopBranches);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        Assert.Contains("TrialStepLanesDormandPrince5(", generated, StringComparison.Ordinal);
        Assert.Equal(!registerKernels, generated.Contains("Lane form of the loop body", StringComparison.Ordinal));
        using var assembly = new InMemoryAssembly(run.Output);
        LaneSystem system = Load(assembly, "LaneSnip.S+FOde", 4, 2);
        // The lane step VJP exists in both forms (the VJP IR with saved branch decisions as masks) for every fused
        // method: straight-line where the kernel fits, else the loop kernel around VectorJacobianProductLanes (the
        // register VJP or the loop VJP in lane form).
        Assert.Contains("TryLaneStepVjp", generated, StringComparison.Ordinal);
        Assert.Contains("VectorJacobianProductLanes(", generated, StringComparison.Ordinal);
        system = system with
        {
            StepVjp = assembly.Method<FusedStepVjpFn>("LaneSnip.S+FOde", "TryFusedStepVjp"),
            LaneStepVjp = assembly.Method<LaneStepVjpFn>("LaneSnip.S+FOde", "TryLaneStepVjp"),
            // Declared only by a loop-form lane VJP (the interface default, 0, otherwise).
            LaneWorkspace = (int?)assembly.Assembly.GetType("LaneSnip.S+FOde")!.GetProperty("LaneStepVjpWorkspaceLength")?.GetValue(null) ?? 0,
        };
        for (int trial = 0; trial < 10; trial++)
        {
            LaneInputs inputs = LaneInputs.Random(600 + trial, 4, 2, 1.5, 1);
            inputs.Z[trial % 8][1] = inputs.P[trial % 8][1];   // a division by zero in that lane's else-if side
            LaneReference.Evaluate(system, inputs);
            foreach (RungeKuttaMethod method in Unfused<double, Samples.Lorenz.RhsOde>.AdaptiveMethods)
            {
                LaneReference.TrialStep(system, method, inputs);
                Assert.True(LaneReference.StepVjp(system, method, inputs, trial));
            }
        }
    }

    [Theory]
    // Reading a table of unknown length where C# may skip the read: the lanes would read it for every lane.
    [InlineData("dz[0] = z[0] > 0 ? Loaded[2] : z[1];")]
    [InlineData("if (z[0] > 0) dz[0] = Loaded[2]; else dz[0] = z[1];")]
    [InlineData("dz[0] = z[1] < 0 || Loaded[2] > z[0] ? 1 : 0;")]
    // A float value inside a double system has no float64 lane form.
    [InlineData("dz[0] = (float)z[0];")]
    public void Unsupported_GetsNoLaneKernels(string statement)
    {
        foreach (bool registerKernels in new[] { true, false })
        {
            string generated = Generate(statement, registerKernels);
            Assert.DoesNotContain("TryLaneEvaluate", generated, StringComparison.Ordinal);
            Assert.DoesNotContain("TryLaneTrialStep", generated, StringComparison.Ordinal);
            Assert.Contains("TryFusedTrialStep", generated, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("dz[0] = Loaded[2] * z[0];")]
    [InlineData("dz[0] = z[0] > 0 ? Table[2] : z[1];")]
    // A loop-counter condition stays a plain ?: (only the side C# takes runs), in loop code and unrolled.
    [InlineData("for (int i = 0; i < 2; i++) dz[0] += i == 1 ? Loaded[i] : z[0];")]
    public void TableReadsThatAlwaysRun_OrOfKnownLength_GetLaneKernels(string statement)
    {
        Assert.Contains("TryLaneEvaluate", Generate(statement, registerKernels: true), StringComparison.Ordinal);
        Assert.Contains("TryLaneEvaluate", Generate(statement, registerKernels: false), StringComparison.Ordinal);
    }

    /// <summary>The lane math helpers are called from code that holds the user's locals: a local of a helper's
    /// name is renamed (LaneExp → LaneExpu), so the call still reaches the helper.</summary>
    [Fact]
    public void UserLocalNamedLikeALaneHelper_StillCompiles()
    {
        // Sign is a generated select helper named LaneSign (the transcendental functions are OdeMath's vector forms).
        string generated = Generate("double LaneSign = Math.Sign(z[0]) * z[1]; double LaneTanh = Math.Tanh(LaneSign); dz[0] = LaneTanh + LaneSign;");
        Assert.Contains("LaneSignu = LaneSign(", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void FusedKernelsOff_KeepsLaneEvaluateButNoLaneTrialStep()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: false, Program("dz[0] = Math.Exp(z[0]);"));
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        Assert.Contains("TryLaneEvaluate", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("TryLaneTrialStep", generated, StringComparison.Ordinal);
    }

    private static string Program(string statement) => $$"""
        namespace LaneRefuse;
        public static partial class S
        {
            private static readonly double[] Table = { 1.0, 2.0, 3.0 };
            private static readonly double[] Loaded = Load();
            private static double[] Load() => new double[4];

            [OdeDynamics(2, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                {{statement}}
                dz[1] = z[0] * p[0];
            }
        }
        """;

    private static string Generate(string statement, bool registerKernels = true)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, Program(statement));
        Assert.Empty(run.Errors);
        return Assert.Single(run.GeneratedSources);
    }

    private static LaneSystem Load(InMemoryAssembly assembly, string type, int n, int m) => new(type, n, m,
        assembly.Method<EvaluateFn>(type, "Evaluate"), assembly.Method<FusedTrialStepFn>(type, "TryFusedTrialStep"),
        assembly.Method<LaneEvaluateFn>(type, "TryLaneEvaluate"), assembly.Method<LaneTrialStepFn>(type, "TryLaneTrialStep"));
}
