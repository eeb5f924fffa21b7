using AcaKernels;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// Cash-Karp 5(4), declared here and not in the library: the generator must give every [OdeDynamics] system of
/// this compilation fused scalar and lane kernels for it without knowing it in advance. Propagates the 5th-order
/// solution; the error weights are b (5th order) minus b̂ (embedded 4th order), written as constant arithmetic.
/// </summary>
/// <remarks>J. R. Cash and A. H. Karp, "A variable order Runge-Kutta method for initial value problems with rapidly
/// varying right-hand sides", ACM Transactions on Mathematical Software 16 (1990) 201-222, Table on p. 206.</remarks>
[RungeKuttaTableau]
public static class CashKarp5
{
    /// <summary>The tableau.</summary>
    public static ButcherTableau Tableau { get; } = new("CashKarp5", order: 5, errorOrder: 4,
        c: [0.0, 1.0 / 5, 3.0 / 10, 3.0 / 5, 1.0, 7.0 / 8],
        a:
        [
            [],
            [1.0 / 5],
            [3.0 / 40, 9.0 / 40],
            [3.0 / 10, -9.0 / 10, 6.0 / 5],
            [-11.0 / 54, 5.0 / 2, -70.0 / 27, 35.0 / 27],
            [1631.0 / 55296, 175.0 / 512, 575.0 / 13824, 44275.0 / 110592, 253.0 / 4096],
        ],
        b: [37.0 / 378, 0, 250.0 / 621, 125.0 / 594, 0, 512.0 / 1771],
        error:
        [
            37.0 / 378 - 2825.0 / 27648, 0, 250.0 / 621 - 18575.0 / 48384, 125.0 / 594 - 13525.0 / 55296,
            0 - 277.0 / 14336, 512.0 / 1771 - 1.0 / 4,
        ]);
}
