using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The lane step VJP of a body with loops keeps the replay's calls and quotients for the stage VJPs, one slot per
/// iteration (Passes/Reverse/LoopReplayReuse): a tanh MLP's Dormand-Prince 5 replays f at stages 0–4 with
/// <c>EvaluateLanesKeeping</c>, which stores each hidden unit's tanh, and the VJPs of those stages read them back
/// (<c>VectorJacobianProductLanesKept</c>: no tanh); stage 5, whose f the replay does not evaluate, runs the plain VJP.
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
    [InlineData(UnitByUnit, "kept[k] = hu;", "hu = kept[k];")]   // h is a generated name: the user's h prints as hu
    [InlineData(LayerByLayer, "kept[-k_1 + 31] = hidden[k_1];", "hidden[k_1] = kept[-k_1 + 31];")]   // the second k prints as k_1
    public void TanhMlp_StageVjpsReadTheReplaysTanh(string source, string store, string load)
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
        Assert.Equal(1, Count(keeping, "Tanh("));
        Assert.Contains(store, keeping, StringComparison.Ordinal);
        string kept = GeneratedMethod.Text(generated,
            "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanesKept(", withoutComments: true);
        Assert.Equal(0, Count(kept, "OdeMath.Tanh("));
        Assert.Equal(1, Count(kept, "TanhDerivative("));
        Assert.Contains(load, kept, StringComparison.Ordinal);
        string plain = GeneratedMethod.Text(generated,
            "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanes(", withoutComments: true);
        Assert.Equal(1, Count(plain, "OdeMath.Tanh("));

        // The VJP's own workspace first, then H values per stage for the tableau with the most stages.
        int stages = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince853).Stages;
        Match length = Regex.Match(generated, @"public static int LaneStepVjpWorkspaceLength => (\d+);");
        Assert.True(length.Success);
        Assert.Equal(Workspace(plain) + Hidden * stages, int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A loop whose values would take more than LoopReplayReuse.MaxSlots (512) slots per stage keeps nothing:
    /// the stage VJPs compute them again, as before.</summary>
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
