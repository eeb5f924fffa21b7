using System.Reflection;
using System.Runtime.InteropServices;

namespace AcaKernels.Experiments.Common;

/// <summary>Where and when a run happened, written into every JSON report: timings mean nothing without it.</summary>
public sealed record RunInfo
{
    /// <summary>Start of the run, UTC, ISO 8601.</summary>
    public required string StartedUtc { get; init; }
    /// <summary>Version of AcaKernels.Experiments (the version of the whole repository).</summary>
    public required string Version { get; init; }
    /// <summary>Operating system.</summary>
    public required string OperatingSystem { get; init; }
    /// <summary>CPU model from /proc/cpuinfo where there is one, else the architecture.</summary>
    public required string Processor { get; init; }
    /// <summary>Logical processors.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>The facts of this process, now.</summary>
    public static RunInfo Capture() => new()
    {
        StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        Version = typeof(RunInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        OperatingSystem = RuntimeInformation.OSDescription,
        Processor = CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcessorCount = Environment.ProcessorCount,
    };

    private static string? CpuModel()
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return null;
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
