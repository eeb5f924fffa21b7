namespace AcaKernels.Cli.Tests;

/// <summary>The conventions every `aca` command keeps, asserted on the real program in one place.</summary>
internal static class CommandLineConventions
{
    /// <summary>Help: usage on stdout, nothing on stderr, exit code 0. Returns stdout, for the caller's own checks.</summary>
    public static string AssertHelp(params string[] args)
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run(args);
        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", stdout);
        Assert.Empty(stderr);
        return stdout;
    }

    /// <summary>The help of <paramref name="command"/>: exit code 0, and every one of <paramref name="options"/>
    /// named on stdout.</summary>
    public static void AssertHelpLists(string command, params string[] options)
    {
        var (exitCode, stdout, _) = AcaProcess.Run(command, "--help");
        Assert.Equal(0, exitCode);
        foreach (string option in options) Assert.Contains(option, stdout);
    }

    /// <summary>A bad command line: exit code 2, an error on stderr that says where to look (--help), nothing on
    /// stdout. Returns stderr.</summary>
    public static string AssertRejected(params string[] args)
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run(args);
        Assert.Equal(2, exitCode);
        Assert.Contains("error:", stderr);
        Assert.Contains("--help", stderr);
        Assert.Empty(stdout);
        return stderr;
    }
}
