using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Common;

/// <summary>The gradient methods compared by the experiments, and their names on the command line and in JSON.</summary>
public static class MethodNames
{
    /// <summary>The three methods that compute a gradient, in the order tables list them.</summary>
    public static IReadOnlyList<GradientMethod> All { get; } = [GradientMethod.Aca, GradientMethod.Adjoint, GradientMethod.Naive];

    /// <summary>"aca", "adjoint" or "naive".</summary>
    public static string Name(GradientMethod method) => method switch
    {
        GradientMethod.Aca => "aca",
        GradientMethod.Adjoint => "adjoint",
        GradientMethod.Naive => "naive",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Only aca, adjoint and naive compute gradients."),
    };

    /// <summary>Parses "aca", "adjoint", "naive" or "all" (any case); null for anything else.</summary>
    public static IReadOnlyList<GradientMethod>? Parse(string text) => text.ToLowerInvariant() switch
    {
        "aca" => [GradientMethod.Aca],
        "adjoint" => [GradientMethod.Adjoint],
        "naive" => [GradientMethod.Naive],
        "all" => All,
        _ => null,
    };
}
