namespace AcaKernels.Cli.CommandLine;

/// <summary>Exit codes of `aca`, following the shell conventions.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;
    /// <summary>A run failed (a solve did not converge, a file could not be written).</summary>
    public const int Failure = 1;
    /// <summary>The command line was wrong: unknown command or option, a value out of range.</summary>
    public const int Usage = 2;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT); what had finished was still written.</summary>
    public const int Interrupted = 130;
}
