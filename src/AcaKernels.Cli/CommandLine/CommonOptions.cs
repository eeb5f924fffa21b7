using System.CommandLine;
using System.Globalization;
using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;

namespace AcaKernels.Cli.CommandLine;

/// <summary>
/// Options shared by the experiment commands, with one spelling and one help text everywhere. Each call makes a
/// new option (an option object belongs to one command).
/// </summary>
internal static class CommonOptions
{
    public static Option<string?> Json() => new("--json")
    {
        Description = "Also write every measurement as JSON to FILE (schema: src/AcaKernels.Experiments/Schemas/).",
        HelpName = "FILE",
    };

    public static Option<string?> PlotDirectory() => new("--plot-dir")
    {
        Description = "Also write the plots as PNG files into DIR (created if missing).",
        HelpName = "DIR",
    };

    public static Option<string> Method()
    {
        var option = new Option<string>("--method")
        {
            Description = "Gradient method(s) to compare: aca, adjoint, naive or all.",
            HelpName = "aca|adjoint|naive|all",
            DefaultValueFactory = _ => "all",
        };
        option.AcceptOnlyFromAmong("aca", "adjoint", "naive", "all");
        return option;
    }

    public static Option<int> Threads()
    {
        var option = new Option<int>("--threads")
        {
            Description = "Worker threads (default: all processors).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        option.Validators.Add(result =>
        {
            // A value that is not an integer already has the parser's own error; reading it here would throw.
            if (result.Tokens.Count > 0 && !int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                return;
            int value = result.GetValueOrDefault<int>();
            if (value < 1 || value > 1024) result.AddError($"--threads must be between 1 and 1024 (got {value}).");
        });
        return option;
    }

    /// <summary>The methods named by a validated --method value.</summary>
    public static IReadOnlyList<GradientMethod> Methods(string value) =>
        MethodNames.Parse(value) ?? throw new ArgumentException($"--method: '{value}' is not aca, adjoint, naive or all.");
}
