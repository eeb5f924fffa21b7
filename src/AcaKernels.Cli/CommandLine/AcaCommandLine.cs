using System.CommandLine;
using System.CommandLine.Invocation;

namespace AcaKernels.Cli.CommandLine;

/// <summary>
/// The `aca` command line: `aca demo`, `aca toy`, `aca three-body`, `aca timeseries`, `aca bench`, `aca ensemble`, `aca devices`, `aca classify`; `--help`/`-h` on every command (stdout, exit 0), `--version`.
/// A command line that does not parse (unknown command or option, bad value) prints what was wrong and where to
/// look on stderr and exits <see cref="ExitCodes.Usage"/>.
/// </summary>
internal static class AcaCommandLine
{
    public static int Run(string[] args)
    {
        RootCommand root = Build();
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            string command = CommandPath(parsed.CommandResult.Command);
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"{command}: error: {error.Message}");
            Console.Error.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }
        // Ctrl-C is handled by the commands themselves (they stop between units of work and keep what finished).
        return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    internal static RootCommand Build()
    {
        var root = new RootCommand(
            "aca: exact gradients of adaptive ODE solves (the Adaptive Checkpoint Adjoint method), and the ACA paper's " +
            "experiments on this machine. Start with 'aca demo'; every command has --help.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ToyCommand.Create());
        root.Subcommands.Add(ThreeBodyCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(TimeSeriesCommand.Create());
        root.Subcommands.Add(EnsembleCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.SetAction(parsed =>
        {
            // `aca` alone: say what there is (the same text as --help), successfully.
            return new System.CommandLine.Help.HelpAction().Invoke(parsed);
        });
        return root;
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Add(c is RootCommand ? "aca" : c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
