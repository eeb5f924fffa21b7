using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The lane and scalar step VJPs of a body with loops keep the replay's calls and quotients for the stage VJPs, one slot per
/// iteration (Passes/Reverse/LoopReplayReuse): a tanh MLP's Dormand-Prince 5 replays f at stages 0–4 with
/// <c>EvaluateLanesKeeping</c>, which stores each hidden unit's tanh and its derivative (tanh's adjoint rule,
/// Passes/Reverse/RuleCalls), and the VJPs of those stages read them back (<c>VectorJacobianProductLanesKept</c>: no
/// tanh, no exponential); stage 5, whose f the replay does not evaluate, runs the plain VJP.
/// That every lane keeps the scalar kernels' bits is LaneKernelTests' business (NeuralOde.Mlp and UnitNeuralOde.UnitMlp,
/// every fused method, with and without time terms).
/// </summary>
public sealed class LoopReplayReuseTests
{
    private const int Hidden = 32;

    /// <summary>Unit by unit, as the neural ODE of `aca ensemble --system neural-ode`: the tanh into a local.</summary>
    private const string UnitByUnit = """
        namespace LoopReplaySnip;
        public static partial class S
        {
            private const int N = 2, H = 32, B1 = H * N, W2 = B1 + H, B2 = W2 + N * H;

            [OdeDynamics(N, B2 + N)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                for (int i = 0; i < N; i++) dz[i] = p[B2 + i];
                for (int k = 0; k < H; k++)
                {
                    double a = p[B1 + k];
                    for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
                    double h = Math.Tanh(a);
                    for (int i = 0; i < N; i++) dz[i] += p[W2 + i * H + k] * h;
                }
            }
        }
        """;

    /// <summary>Layer by layer: the tanh overwrites the pre-activations in a local array (kept as stored, before any
    /// later write could change the element), here in a loop counting down.</summary>
    private const string LayerByLayer = """
        namespace LoopReplaySnip;
        public static partial class S
        {
            private const int N = 2, H = 32, B1 = H * N, W2 = B1 + H, B2 = W2 + N * H;

            [OdeDynamics(N, B2 + N)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> hidden = stackalloc double[H];
                for (int k = 0; k < H; k++)
                {
                    double a = p[B1 + k];
                    for (int j = 0; j < N; j++) a += p[k * N + j] * z[j];
                    hidden[k] = a;
                }
                for (int k = H - 1; k >= 0; k--) hidden[k] = Math.Tanh(hidden[k]);
                for (int i = 0; i < N; i++)
                {
                    double sum = p[B2 + i];
                    for (int k = 0; k < H; k++) sum += p[W2 + i * H + k] * hidden[k];
                    dz[i] = sum;
                }
            }
        }
        """;

    [Theory]
    // h is a generated name: the user's h prints as hu. The layer form's tanh overwrites its argument: the replay copies
    // it into a local (r0) first, for the derivative after. Its second k prints as k_1.
    [InlineData(UnitByUnit, "kept[k] = hu;", "hu = kept[k];", "kept[k + 32] = global::AcaKernels.Numerics.OdeMath.TanhDerivative(a, hu);")]
    [InlineData(LayerByLayer, "kept[-k_1 + 31] = hidden[k_1];", "hidden[k_1] = kept[-k_1 + 31];",
        "kept[-k_1 + 63] = global::AcaKernels.Numerics.OdeMath.TanhDerivative(r0, hidden[k_1]);")]
    public void TanhMlp_StageVjpsReadTheReplaysTanh(string source, string store, string load, string derivativeStore)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, source);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);

        foreach (string kernel in new[] { "StepVjpLanesDormandPrince5(", "StepVjpWithTimeLanesDormandPrince5(" })
        {
            string step = GeneratedMethod.Text(generated, "private static void " + kernel, withoutComments: true);
            Assert.Equal(kernel.Contains("WithTime") ? 6 : 5, Count(step, "EvaluateLanesKeeping("));
            Assert.Equal(kernel.Contains("WithTime") ? 6 : 5, Count(step, "VectorJacobianProductLanesKept("));
        }

        string keeping = GeneratedMethod.Text(generated, "private static void EvaluateLanesKeeping(", withoutComments: true);
        Assert.Equal(1, Count(keeping, "OdeMath.Tanh("));
        Assert.Contains(store, keeping, StringComparison.Ordinal);
        // Tanh's rule, TanhDerivative(a, tanh a), kept too.
        Assert.Equal(1, Count(keeping, "TanhDerivative("));
        Assert.Contains(derivativeStore, keeping, StringComparison.Ordinal);
        string kept = GeneratedMethod.Text(generated,
            "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanesKept(", withoutComments: true);
        Assert.Equal(0, Count(kept, "OdeMath.Tanh("));
        Assert.Equal(0, Count(kept, "TanhDerivative("));
        Assert.Contains(load, kept, StringComparison.Ordinal);
        // With the derivative kept, nothing reads the unit form's pre-activation a any more: the forward sweep drops it.
        // (The layer form's pre-activations share the array the tanh values are read back into, which forward pruning
        // keeps or drops whole: they stay, two multiply-adds per unit.)
        if (source == UnitByUnit) Assert.DoesNotContain("a = p[", kept, StringComparison.Ordinal);
        string plain = GeneratedMethod.Text(generated,
            "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanes(", withoutComments: true);
        Assert.Equal(1, Count(plain, "OdeMath.Tanh("));

        // The scalar kernels likewise, the kept values on the stack.
        string scalarStep = GeneratedMethod.Text(generated, "private static void StepVjpDormandPrince5(", withoutComments: true);
        Assert.Equal(5, Count(scalarStep, "EvaluateKeeping("));
        Assert.Equal(5, Count(scalarStep, "VectorJacobianProductKept("));
        Assert.Contains($"kept = stackalloc double[{5 * 2 * Hidden}];", scalarStep, StringComparison.Ordinal);
        string scalarKept = GeneratedMethod.Text(generated, "private static double VectorJacobianProductKept(", withoutComments: true);
        Assert.Equal(0, Count(scalarKept, "OdeMath.Tanh("));
        Assert.Equal(0, Count(scalarKept, "TanhDerivative("));

        // The VJP's own workspace first, then 2H values (tanh and its derivative) per stage for the tableau with the most stages.
        int stages = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince853).Stages;
        Match length = Regex.Match(generated, @"public static int LaneStepVjpWorkspaceLength => (\d+);");
        Assert.True(length.Success);
        Assert.Equal(Workspace(plain) + 2 * Hidden * stages, int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A body whose stage VJP's working set (its tape of 2 × 600 here, and the kept values) would pass
    /// LoopReplayReuse.MaxSlots (512 vectors) keeps nothing: the stage VJPs compute the values again, as before (the
    /// classifier's convolution block, ConvOdeBlockTests, measured no faster keeping).</summary>
    [Fact]
    public void ValuesBeyondTheSlotBudget_AreComputedAgain()
    {
        string wide = UnitByUnit.Replace("H = 32", "H = 600", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, wide);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        Assert.DoesNotContain("EvaluateLanesKeeping", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("VectorJacobianProductLanesKept", generated, StringComparison.Ordinal);
    }

    /// <summary>The workspace vectors a loop VJP checks for (its size check's "needs N").</summary>
    private static int Workspace(string vjp) =>
        int.Parse(Regex.Match(vjp, @"workspace holds "" \+ workspace\.Length \+ "" vectors; this lane kernel needs (\d+)\.").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
