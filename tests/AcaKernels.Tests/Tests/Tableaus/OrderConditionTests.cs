using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;

namespace AcaKernels.Tests.Tableaus;

/// <summary>
/// Each tableau against Butcher's rooted-tree order conditions, generated up to order 9: its weights b must
/// satisfy every condition up to the declared order and visibly fail one of the next order; likewise the
/// embedded weights b̂ = b − e.
/// </summary>
public sealed class OrderConditionTests
{
    /// <summary>
    /// A condition holds when |Σ wᵢΦᵢ − 1/γ| ≤ 1e-15 · Σ |wᵢ| Φᵢ(|A|): the coefficients are exact to about one
    /// double rounding (Tsitouras's 16-digit decimals and DOP853's 30-digit ones alike), and a perturbation of
    /// relative size δ in each coefficient moves the sum by at most ~(|τ| + 1)·δ·scale. Measured worst case:
    /// 8e-17 · scale (Tsitouras 5, order 5; 1.2e-14 absolute).
    /// </summary>
    private const double Tolerance = 1e-15;

    /// <summary>
    /// A condition fails clearly when its relative residual exceeds 1e-7, 10⁸ times the tolerance. The smallest
    /// failure seen is DOP853's b − e at order 6 (1.5e-6 relative, 4.5e-4 absolute).
    /// </summary>
    private const double ClearFailure = 1e-7;

    private const int MaxTreeOrder = 9;

    private static readonly IReadOnlyList<RootedTree> Trees = RootedTree.UpTo(MaxTreeOrder);

    public static TheoryData<RungeKuttaMethod, int> MethodOrders => new()
    {
        { RungeKuttaMethod.Euler, 1 },
        { RungeKuttaMethod.Midpoint, 2 },
        { RungeKuttaMethod.Rk4, 4 },
        { RungeKuttaMethod.HeunEuler, 2 },
        { RungeKuttaMethod.BogackiShampine3, 3 },
        { RungeKuttaMethod.DormandPrince5, 5 },
        { RungeKuttaMethod.Tsitouras5, 5 },
        { RungeKuttaMethod.DormandPrince853, 8 },
    };

    /// <summary>Orders of b̂ = b − e. DOP853's primary estimate (Hairer's ER) is a 5th-order b̂.</summary>
    public static TheoryData<RungeKuttaMethod, int> EmbeddedOrders => new()
    {
        { RungeKuttaMethod.HeunEuler, 1 },
        { RungeKuttaMethod.BogackiShampine3, 2 },
        { RungeKuttaMethod.DormandPrince5, 4 },
        { RungeKuttaMethod.Tsitouras5, 4 },
        { RungeKuttaMethod.DormandPrince853, 5 },
    };

    [Theory]
    [MemberData(nameof(MethodOrders))]
    public void Weights_AllTreesUpToOrder_SatisfyConditionsAndNextOrderFails(RungeKuttaMethod method, int order)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        Assert.Equal(order, tableau.Order);
        AssertOrderExactly(tableau, tableau.B.ToArray(), order, $"{method} b");
    }

    [Theory]
    [MemberData(nameof(EmbeddedOrders))]
    public void EmbeddedWeights_BMinusError_HaveEmbeddedOrder(RungeKuttaMethod method, int order)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        double[] embedded = Subtract(tableau.B, tableau.Error!.Value);
        AssertOrderExactly(tableau, embedded, order, $"{method} b − e");
    }

    [Theory]
    [InlineData(RungeKuttaMethod.HeunEuler, 1)]
    [InlineData(RungeKuttaMethod.BogackiShampine3, 2)]
    [InlineData(RungeKuttaMethod.DormandPrince5, 4)]
    [InlineData(RungeKuttaMethod.Tsitouras5, 4)]
    [InlineData(RungeKuttaMethod.DormandPrince853, 7)]
    public void ErrorOrder_Declared_IsControllerExponentOrder(RungeKuttaMethod method, int errorOrder)
    {
        // For all but DOP853, q is b̂'s order. DOP853 combines its 5th- and 3rd-order estimates as
        // err5² / √(err5² + 0.01·err3²) = O(h⁶·h⁶/h⁴) = O(h⁸), so its controller uses q + 1 = 8 (Hairer's 1/8).
        Assert.Equal(errorOrder, ButcherTableaus.Get(method).ErrorOrder);
    }

    [Fact]
    public void Dop853SecondaryWeights_BMinusError2_HaveOrderThree()
    {
        ButcherTableau tableau = DormandPrince853.Tableau;
        AssertOrderExactly(tableau, Subtract(tableau.B, tableau.Error2!.Value), 3, "DOP853 b − e₂");
    }

    [Theory]
    [InlineData(RungeKuttaMethod.Euler, false)]
    [InlineData(RungeKuttaMethod.Midpoint, false)]
    [InlineData(RungeKuttaMethod.Rk4, false)]
    [InlineData(RungeKuttaMethod.HeunEuler, false)]
    [InlineData(RungeKuttaMethod.BogackiShampine3, true)]
    [InlineData(RungeKuttaMethod.DormandPrince5, true)]
    [InlineData(RungeKuttaMethod.Tsitouras5, true)]
    [InlineData(RungeKuttaMethod.DormandPrince853, true)]
    public void IsFsal_EachMethod_AsPublished(RungeKuttaMethod method, bool fsal)
    {
        Assert.Equal(fsal, ButcherTableaus.Get(method).IsFsal);
    }

    [Theory]
    [InlineData(RungeKuttaMethod.Euler, false)]
    [InlineData(RungeKuttaMethod.Midpoint, false)]
    [InlineData(RungeKuttaMethod.Rk4, false)]
    [InlineData(RungeKuttaMethod.HeunEuler, true)]
    [InlineData(RungeKuttaMethod.BogackiShampine3, true)]
    [InlineData(RungeKuttaMethod.DormandPrince5, true)]
    [InlineData(RungeKuttaMethod.Tsitouras5, true)]
    [InlineData(RungeKuttaMethod.DormandPrince853, true)]
    public void IsAdaptive_EachMethod_HasErrorWeightsExactlyWhenAdaptive(RungeKuttaMethod method, bool adaptive)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        Assert.Equal(adaptive, tableau.IsAdaptive);
        Assert.Equal(method == RungeKuttaMethod.DormandPrince853, tableau.Error2 is not null);
    }

    private static void AssertOrderExactly(ButcherTableau tableau, double[] weights, int order, string what)
    {
        foreach (RootedTree tree in Trees.Where(t => t.Order <= order))
        {
            (double residual, double scale) = tree.OrderConditionResidual(tableau, weights);
            Assert.True(Math.Abs(residual) <= Tolerance * scale,
                $"{what}: condition of {tree} (order {tree.Order}) has residual {residual:E3} > {Tolerance:E0} × {scale:G4}.");
        }
        double worstNext = Trees.Where(t => t.Order == order + 1).Max(tree =>
        {
            (double residual, double scale) = tree.OrderConditionResidual(tableau, weights);
            return Math.Abs(residual) / scale;
        });
        Assert.True(worstNext > ClearFailure, $"{what}: every order-{order + 1} condition holds to {worstNext:E2}; the order is higher than declared.");
    }

    private static double[] Subtract(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b, (x, y) => x - y).ToArray();
}
