using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Split;

/// <summary>What the multi-device solvers (ILGPU's and the Native AOT one) share when they are made: the checks, the
/// shares, the checkpoint capacity, and a solver per device that gets trajectories.</summary>
internal static class EnsembleSplits
{
    /// <summary>Device indices for a named backend, each once (null: every device <paramref name="count"/> lists).</summary>
    public static IReadOnlyList<int> Indices(GpuBackend backend, IReadOnlyList<int>? deviceIndices, Func<int> count, string parameter)
    {
        if (backend == GpuBackend.Auto)
            throw new ArgumentException("A multi-device solver needs a named backend (Cuda, OpenCL or Cpu): Auto may resolve to another.", nameof(backend));
        IReadOnlyList<int> indices = deviceIndices ?? Enumerable.Range(0, count()).ToArray();
        if (indices.Count == 0) throw GpuBackendUnavailableException.Absent(backend);
        if (indices.Distinct().Count() != indices.Count)
            throw new ArgumentException($"Device indices [{string.Join(", ", indices)}] name a device twice: one solver per device.", parameter);
        return indices;
    }

    /// <summary>
    /// Splits <paramref name="trajectories"/> over <paramref name="devices"/> devices by <paramref name="weights"/> and
    /// makes, for each device d that gets trajectories, <paramref name="share"/>(d, its count, the options every share
    /// runs with: the capacity one solver of all B would have); disposes those made when one fails. Used[d]: whether
    /// device d got a solver.
    /// </summary>
    public static (EnsembleSplit<T> Split, int Capacity, bool[] Used) Create<T>(string solverName, string stepperName, int trajectories,
        int devices, IReadOnlyList<double>? weights, OdeOptions options, GpuEnsembleOptions gpuOptions, int n, int m,
        Func<int, int, GpuEnsembleOptions, IGpuEnsembleShare<T>> share)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (devices == 0) throw new ArgumentException("At least one device is needed.", nameof(devices));
        if (weights is not null && weights.Count != devices)
            throw new ArgumentException($"{weights.Count} weights for {devices} devices: one weight per device.", nameof(weights));
        GpuEnsembleHost.CheckOptions<T>(options, n, m, stepperName, trajectories);
        int[] counts = TrajectoryShares.Split(trajectories, weights ?? Enumerable.Repeat(1.0, devices).ToArray());
        // Every device's trajectories keep the capacity one solver of all B would give them: which fail does not
        // depend on the device count.
        int capacity = GpuEnsembleHost.CheckpointCapacity(options, gpuOptions, trajectories, n, Unsafe.SizeOf<T>());
        GpuEnsembleOptions shareOptions = capacity > 0 ? gpuOptions with { CheckpointCapacity = capacity } : gpuOptions;
        var shares = new List<IGpuEnsembleShare<T>>(devices);
        try
        {
            for (int d = 0; d < devices; d++)
                if (counts[d] > 0) shares.Add(share(d, counts[d], shareOptions));
        }
        catch
        {
            foreach (IGpuEnsembleShare<T> made in shares) made.Dispose();
            throw;
        }
        return (new EnsembleSplit<T>(solverName, [.. shares], n, m), capacity, counts.Select(c => c > 0).ToArray());
    }
}
