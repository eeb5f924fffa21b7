using System.Globalization;
using AcaKernels.Gpu;
using AcaKernels.GpuBench;

// Lorenz ensembles on every GPU backend present beside the CPU engine: see benchmarks/gpu/README.md.
// Usage: AcaKernels.GpuBench [--rounds R] [--sizes 1024,65536] [--precisions f64,f32] [--backends cpu,opencl,cuda]
//        AcaKernels.GpuBench check [...]: issue 9's GPU check (benchmarks/gpu/check.sh; Check/CheckSettings.cs lists the options)
//        AcaKernels.GpuBench host-pass [--trajectories B] [--rounds R]: the solvers' host pass alone (HostPass.cs)
if (args.Length > 0 && args[0] == "check") return AcaKernels.GpuBench.Check.GpuCheck.Run(args.AsSpan(1));
if (args.Length > 0 && args[0] == "host-pass") return HostPass.Run(args.AsSpan(1));
var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: AcaKernels.GpuBench [--rounds R] [--sizes 1024,65536] [--precisions f64,f32] [--backends cpu,opencl,cuda]");
    return 2;
}
Console.WriteLine($"AcaKernels GPU bench: Lorenz, t in [0, 1], Dormand-Prince 5(4), float64 rtol 1e-6 atol 1e-8, float32 rtol 1e-4 atol 1e-6;");
Console.WriteLine($"  {settings.Rounds} rounds, engines interleaved within each round; median wall ns per accepted trajectory-step.");
Console.WriteLine($"  .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}");
Console.WriteLine($"  loadavg before: {Load()}");

var devices = new List<GpuDevice>();
IReadOnlyList<GpuBackend> present = GpuDevice.Available();
foreach (GpuBackend backend in settings.Backends)
{
    if (!present.Contains(backend))
    {
        Console.WriteLine($"  {backend}: not present on this machine, skipped");
        continue;
    }
    devices.Add(GpuDevice.Open(backend));
    Console.WriteLine($"  {backend}: {devices[^1].Name}");
}

foreach (int trajectories in settings.Sizes)
    foreach (string precision in settings.Precisions)
    {
        bool single = precision == "f32";
        Console.WriteLine();
        Console.WriteLine($"B = {trajectories}, {(single ? "float32" : "float64")}");
        List<Engine> engines = single ? Engines.Single(trajectories, devices) : Engines.Double(trajectories, devices);
        try
        {
            Bench.Run(engines, settings.Rounds);
        }
        finally
        {
            foreach (Engine engine in engines) engine.Dispose();
        }
    }
foreach (GpuDevice device in devices) device.Dispose();
Console.WriteLine();
Console.WriteLine($"loadavg after: {Load()}");
return 0;

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

internal sealed record Settings(int Rounds, int[] Sizes, string[] Precisions, GpuBackend[] Backends)
{
    public static Settings? Parse(string[] args)
    {
        var s = new Settings(3, [1024, 65_536], ["f64", "f32"], [GpuBackend.Cpu, GpuBackend.OpenCL, GpuBackend.Cuda]);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string[] values = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries);
            s = args[i] switch
            {
                "--rounds" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int r) && r > 0 => s with { Rounds = r },
                "--sizes" => s with { Sizes = values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--precisions" when values.All(v => v is "f64" or "f32") => s with { Precisions = values },
                "--backends" => s with { Backends = values.Select(v => Enum.Parse<GpuBackend>(v, ignoreCase: true)).ToArray() },
                _ => null,
            };
            if (s is null) return null;
        }
        return args.Length % 2 == 0 ? s : null;
    }
}
