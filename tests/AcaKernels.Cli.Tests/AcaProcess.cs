using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AcaKernels.Cli.Tests;

/// <summary>Runs the built `aca` (aca.dll under the `dotnet` that runs the tests) in a child process.</summary>
internal sealed class AcaProcess : IDisposable
{
    /// <summary>No command here takes more than a few seconds; this only stops a hung test run.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly TaskCompletionSource _firstStderrLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _stderr = new();

    private AcaProcess(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aca.dll"));
        // aca's runtimeconfig turns tiered compilation off (its demo times short runs); here that only makes each
        // start compile everything fully optimised first. These tests check behaviour, not speed.
        start.Environment["DOTNET_TieredCompilation"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        foreach (string arg in args) start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start aca");
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            _firstStderrLine.TrySetResult();
        };
        _process.BeginErrorReadLine();
    }

    public static AcaProcess Start(params string[] args) => new(args);

    /// <summary>Runs aca to the end: exit code, stdout, stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunWith(null, args);

    /// <summary>Runs aca to the end with these environment variables set (e.g. POCL_DEVICES, read when OpenCL starts).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var aca = new AcaProcess(args, environment);
        return aca.WaitForExit();
    }

    /// <summary>Waits until aca has written a line to stderr (its progress), or throws after the limit.</summary>
    public void WaitForStderrLine() => Assert.True(_firstStderrLine.Task.Wait(Limit), "aca wrote nothing to stderr");

    /// <summary>Sends a POSIX signal (SIGINT = 2, SIGTERM = 15), as Ctrl-C or `kill` would.</summary>
    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    public (int ExitCode, string Stdout, string Stderr) WaitForExit()
    {
        if (!_process.WaitForExit(Limit))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"aca did not finish within {Limit}");
        }
        _process.WaitForExit();   // drains the asynchronous stderr reader
        lock (_stderr) return (_process.ExitCode, _stdout.Result, _stderr.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
