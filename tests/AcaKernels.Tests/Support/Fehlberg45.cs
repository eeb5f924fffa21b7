using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Support;

/// <summary>
/// Runge-Kutta-Fehlberg 4(5), a method the library does not ship, as a user would declare it: it propagates the
/// 4th-order solution, and the error weights are b (4th order) minus b̂ (5th order).
/// </summary>
/// <remarks>E. Fehlberg, "Low-order classical Runge-Kutta formulas with stepsize control and their application to
/// some heat transfer problems", NASA Technical Report R-315 (1969), Table III; also Hairer, Nørsett and Wanner,
/// <i>Solving Ordinary Differential Equations I</i>, Table II.5.1.</remarks>
public static class Fehlberg45
{
    /// <summary>The tableau.</summary>
    public static ButcherTableau Tableau { get; } = new("Fehlberg45", order: 4, errorOrder: 4,
        c: [0.0, 1.0 / 4, 3.0 / 8, 12.0 / 13, 1.0, 1.0 / 2],
        a:
        [
            [],
            [1.0 / 4],
            [3.0 / 32, 9.0 / 32],
            [1932.0 / 2197, -7200.0 / 2197, 7296.0 / 2197],
            [439.0 / 216, -8.0, 3680.0 / 513, -845.0 / 4104],
            [-8.0 / 27, 2.0, -3544.0 / 2565, 1859.0 / 4104, -11.0 / 40],
        ],
        b: [25.0 / 216, 0, 1408.0 / 2565, 2197.0 / 4104, -1.0 / 5, 0],
        error:
        [
            25.0 / 216 - 16.0 / 135, 0, 1408.0 / 2565 - 6656.0 / 12825, 2197.0 / 4104 - 28561.0 / 56430,
            -1.0 / 5 + 9.0 / 50, 0 - 2.0 / 55,
        ]);
}
