using System.Globalization;
using AcaKernels.Cli.Ensemble.Systems;

namespace AcaKernels.Cli.Ensemble;

/// <summary>What `aca ensemble` runs: B trajectories of one system on a backend, timed over some repeats.</summary>
internal sealed record EnsembleSettings
{
    /// <summary>The system (--system; Lorenz-63 by default).</summary>
    public EnsembleSystem System { get; init; } = EnsembleSystems.Lorenz;

    public EnsembleBackendChoice Backend { get; init; } = EnsembleBackendChoice.Auto;

    /// <summary>The states' number type (time is float64 in both).</summary>
    public EnsemblePrecision Precision { get; init; } = EnsemblePrecision.Float64;

    /// <summary>Trajectories B.</summary>
    public int Trajectories { get; init; } = 16_384;

    /// <summary>Timed runs of solve + gradient; the fastest is reported.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>CPU worker threads (the cpu and lanes backends, and the CPU reference of the check).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Which of the opencl or cuda backend's devices, as typed: "N" for one (GpuEnsembleOptions.DeviceIndex),
    /// "N,M,…" to split the trajectories over several (NativeMultiGpuEnsembleSolver); null: device 0.</summary>
    public string? Device { get; init; }

    /// <summary><see cref="Device"/>'s numbers (null when it is null).</summary>
    /// <exception cref="ArgumentException">Not numbers separated by commas; a number out of range or twice.</exception>
    public IReadOnlyList<int>? Devices
    {
        get
        {
            if (Device is null) return null;
            var devices = new List<int>();
            foreach (string part in Device.Split(','))
            {
                if (!int.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int device))
                    throw new ArgumentException($"--device takes a device number, or several separated by commas (e.g. 0,1): '{part}' in '{Device}' is not one.");
                if (device is < 0 or > 1023) throw new ArgumentException($"--device must be between 0 and 1023 (got {device}).");
                if (devices.Contains(device)) throw new ArgumentException($"--device names device {device} twice ('{Device}'): each device once.");
                devices.Add(device);
            }
            return devices;
        }
    }

    public void Validate()
    {
        if (Trajectories is < 1 or > 16_777_216)
            throw new ArgumentException($"--trajectories must be between 1 and 16,777,216 (got {Trajectories}).");
        if (Repeats is < 1 or > 1000) throw new ArgumentException($"--repeats must be between 1 and 1000 (got {Repeats}).");
        if (Threads is < 1 or > 1024) throw new ArgumentException($"--threads must be between 1 and 1024 (got {Threads}).");
        if (Devices is not null)
        {
            if (Backend is not (EnsembleBackendChoice.OpenCL or EnsembleBackendChoice.Cuda))
                throw new ArgumentException($"--device picks one of a GPU backend's devices: name it, --backend opencl or --backend cuda " +
                                            $"(got --backend {EnsembleBackendChoices.Name(Backend)}).");
        }
        if (Precision == EnsemblePrecision.Float32 && System.Float32 is null)
            throw new ArgumentException(System.Float64Only);
        if (Backend == EnsembleBackendChoice.Lanes && Precision == EnsemblePrecision.Float32)
            throw new ArgumentException("--backend lanes runs float64 only (the CPU engine vectorises float64 trajectories): use --backend cpu, " +
                                        "opencl or cuda with --precision float32.");
    }
}

/// <summary>`aca ensemble --precision`: float64 (e.g. LorenzDynamics.RhsOde) or float32 states (RhsSingleOde), the
/// GPU's fast path; both have kernels embedded in `aca` (three-body: float64 only).</summary>
internal enum EnsemblePrecision
{
    Float64,
    Float32,
}
