namespace AcaKernels.Cli.CommandLine;

/// <summary>How an experiment command ends, the same way for every command: what went wrong on stderr, named by the
/// command, and the exit code that says it (<see cref="ExitCodes"/>).</summary>
internal static class CommandExit
{
    /// <summary>A command line that parsed but cannot run (a value out of range, an output path that cannot be
    /// written): the reason and where to look, then <see cref="ExitCodes.Usage"/>.</summary>
    public static int UsageError(string command, string message)
    {
        Console.Error.WriteLine($"aca {command}: error: {message}");
        Console.Error.WriteLine($"Run 'aca {command} --help' for usage.");
        return ExitCodes.Usage;
    }

    /// <summary>
    /// After a run's results are printed and written: each of <paramref name="failures"/> on a line of its own; a run
    /// stopped early (<paramref name="completed"/> false) says <paramref name="stopped"/> and is
    /// <see cref="ExitCodes.Interrupted"/>; otherwise <see cref="ExitCodes.Failure"/> when anything failed, else success.
    /// </summary>
    public static int AfterRun(string command, IReadOnlyCollection<string> failures, bool completed, string stopped)
    {
        foreach (string failure in failures) Console.Error.WriteLine($"aca {command}: {failure}");
        if (!completed)
        {
            Console.Error.WriteLine($"aca {command}: {stopped}");
            return ExitCodes.Interrupted;
        }
        return failures.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
