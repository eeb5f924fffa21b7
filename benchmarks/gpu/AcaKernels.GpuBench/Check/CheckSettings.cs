using System.Globalization;
using AcaKernels.Gpu;

namespace AcaKernels.GpuBench.Check;

/// <summary>The options of <c>AcaKernels.GpuBench check</c> (benchmarks/gpu/check.sh), with the workload as defaults.</summary>
internal sealed record CheckSettings
{
    public const string Usage =
        "usage: AcaKernels.GpuBench check [--trajectories 8388608] [--check-trajectories 4096] [--rounds 3] [--steps 1000]\n" +
        "         [--rtol 1e-6] [--atol 1e-6] [--checkpoint-gb 40] [--backend auto|cuda|opencl|cpu] [--device N] [--results FILE.tsv]\n" +
        "         [--ptx DIR] [--kernels registers|arrays]   (adaptive kernels; registers fall back to arrays when not deterministic)";

    /// <summary>B of the timed runs.</summary>
    public int Trajectories { get; init; } = 8_388_608;

    /// <summary>B of the correctness check against the CPU engine (the first trajectories of the same inputs).</summary>
    public int CheckTrajectories { get; init; } = 4096;

    /// <summary>Timed calls per workload after one untimed warm-up (the median is reported).</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Fixed steps over t ∈ [0, 1].</summary>
    public int Steps { get; init; } = 1000;

    public double RelativeTolerance { get; init; } = 1e-6;

    public double AbsoluteTolerance { get; init; } = 1e-6;

    /// <summary>Device memory the ACA checkpoints may take; the gradient's B is lowered to fit it.</summary>
    public double CheckpointGigabytes { get; init; } = 40;

    /// <summary>The adaptive kernels the correctness check and the timings run: the register ones unless the determinism
    /// check (<see cref="DeterminismCheck"/>) found them differing from run to run, or <c>--kernels arrays</c>.</summary>
    public GpuKernelForm KernelForm { get; init; }

    /// <summary><c>--kernels arrays</c>: time the array kernels (to compare the two forms on one device).</summary>
    public bool ArrayKernels { get; init; }

    public GpuBackend Backend { get; init; } = GpuBackend.Auto;

    /// <summary>Which of the backend's devices (GpuEnsembleOptions.DeviceIndex; needs a named backend), or null: device 0.</summary>
    public int? Device { get; init; }

    /// <summary>Where the TSV of timings goes (compare_gpu.py reads it), or null.</summary>
    public string? Results { get; init; }

    /// <summary>A folder for the kernels' PTX (for ptxas -v), or null.</summary>
    public string? Ptx { get; init; }

    /// <summary>The settings, or null (with the reason on stderr) when an argument is not understood.</summary>
    public static CheckSettings? Parse(ReadOnlySpan<string> args)
    {
        var s = new CheckSettings();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"error: {args[i]} needs a value.");
                return null;
            }
            string name = args[i], value = args[i + 1];
            CheckSettings? next = name switch
            {
                "--trajectories" when Positive(value) is int b => s with { Trajectories = b },
                "--check-trajectories" when Positive(value) is int b => s with { CheckTrajectories = b },
                "--rounds" when Positive(value) is int r => s with { Rounds = r },
                "--steps" when Positive(value) is int n => s with { Steps = n },
                "--rtol" when PositiveReal(value) is double r => s with { RelativeTolerance = r },
                "--atol" when PositiveReal(value) is double a => s with { AbsoluteTolerance = a },
                "--checkpoint-gb" when PositiveReal(value) is double g => s with { CheckpointGigabytes = g },
                "--backend" when Enum.TryParse(value, ignoreCase: true, out GpuBackend backend) => s with { Backend = backend },
                "--device" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int d) && d >= 0 => s with { Device = d },
                "--results" => s with { Results = value },
                "--ptx" => s with { Ptx = value },
                "--kernels" when value is "registers" or "arrays" => s with { ArrayKernels = value == "arrays" },
                _ => null,
            };
            if (next is null)
            {
                Console.Error.WriteLine($"error: '{name} {value}' is not understood (numbers must be positive, a device 0 or more; backends: auto, cuda, opencl, cpu; kernels: registers, arrays).");
                return null;
            }
            s = next;
        }
        return s with { CheckTrajectories = Math.Min(s.CheckTrajectories, s.Trajectories) };
    }

    private static int? Positive(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : null;

    private static double? PositiveReal(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v) ? v : null;
}
