namespace AcaKernels.Gpu;

/// <summary>Where one Solve or Gradient of a GPU ensemble solver spent its time (its <c>LastCall</c>): on the device's side
/// (<paramref name="Device"/>: copies to and from the device, the kernels and the waits for them; of that,
/// <paramref name="Kernels"/> from launch to finish) and in the host's pass over the trajectories (status words into
/// results, gradient rows into gradP), which ran on several threads when <paramref name="ParallelHostPass"/>, and not at
/// all unless <paramref name="HostPassRan"/> (a call without per-trajectory results whose status words the device
/// summed). What to look at when a call is slower than its kernels: copies from pageable memory (use the solver's
/// <c>CreateHostArray</c>), or a host pass over many trajectories.</summary>
public readonly record struct GpuCallTimes(TimeSpan Device, TimeSpan Kernels, TimeSpan HostPass, bool ParallelHostPass, bool HostPassRan = true)
{
    /// <summary>The device side less the kernels: the copies to and from the device.</summary>
    public TimeSpan Copies => Device - Kernels;

    /// <summary>"kernels 12.3 + copies 45.6 + host 7.8 ms".</summary>
    public override string ToString() =>
        $"kernels {Kernels.TotalMilliseconds:F1} + copies {Copies.TotalMilliseconds:F1} + host {HostPass.TotalMilliseconds:F1} ms" +
        (!HostPassRan ? " (no pass over the trajectories)" : ParallelHostPass ? "" : " (host on one thread)");
}
