namespace AcaKernels.Gpu;

/// <summary>Where one Solve or Gradient of a GPU ensemble solver spent its time: on the device's side (<paramref name="Device"/>:
/// copies to and from the device, the kernels and the waits for them; of that, <paramref name="Kernels"/> from launch to
/// finish) and in the host's pass over the trajectories (status words into results, gradient rows into gradP), which ran
/// on several threads when <paramref name="ParallelHostPass"/>.</summary>
internal readonly record struct GpuCallTimes(TimeSpan Device, TimeSpan Kernels, TimeSpan HostPass, bool ParallelHostPass)
{
    /// <summary>"kernels 12.3 + copies 45.6 + host 7.8 ms".</summary>
    public override string ToString() =>
        $"kernels {Kernels.TotalMilliseconds:F1} + copies {(Device - Kernels).TotalMilliseconds:F1} + host {HostPass.TotalMilliseconds:F1} ms" +
        (ParallelHostPass ? "" : " (host on one thread)");
}
