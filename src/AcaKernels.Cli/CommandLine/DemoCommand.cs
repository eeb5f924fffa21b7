using System.CommandLine;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca demo`: the tour (<see cref="Demo"/>), README's main command.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        Option<int> threads = CommonOptions.Threads();
        var command = new Command("demo",
            "A tour in under a minute: gradients of Lorenz-63 by ACA, the continuous adjoint and naive backprop with " +
            "their cost; the toy problem's errors against the tolerance; a short three-body mass fit; an ensemble of 65,536 trajectories on one " +
            "thread and on --threads.")
        {
            threads,
        };
        command.SetAction(parsed => Demo.Run(parsed.GetValue(threads)));
        return command;
    }
}
