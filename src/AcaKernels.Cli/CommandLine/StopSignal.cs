using System.Runtime.InteropServices;

namespace AcaKernels.Cli.CommandLine;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation that the running experiment sees between units
/// of work, so that it stops cleanly and what it finished is still printed and written. A second Ctrl-C is left to
/// the default handling, which ends the process at once.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly string _unit;

    /// <param name="unit">What the run finishes before it stops, for the message ("grid point", "epoch").</param>
    public StopSignal(string unit = "grid point")
    {
        _unit = unit;
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return;   // the second one: default handling ends the process
        context.Cancel = true;
        Console.Error.WriteLine();
        Console.Error.WriteLine($"Stopping after the current {_unit}; what finished will be written (Ctrl-C again quits at once).");
        _source.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }
}
