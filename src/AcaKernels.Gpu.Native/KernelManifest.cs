using System.Globalization;

namespace AcaKernels.Gpu.Native;

/// <summary>
/// The manifest aca-kernel-compiler writes beside the kernels (format: AcaKernels.Gpu.KernelCompiler's
/// KernelManifestWriter): the ILGPU version, then per stepper its number type and sizes and its kernel files.
/// </summary>
internal sealed class KernelManifest
{
    public const string FileName = "gpu-kernels.manifest";

    /// <summary>The ILGPU version whose argument layouts <see cref="KernelArgumentLayout"/> marshals.</summary>
    public const string SupportedIlgpuVersion = "1.5.3.0";

    public sealed record File(KernelKind Kind, string Target, string Entry, string Path);

    public sealed record Stepper(string Name, string NumberType, int StateSize, int ParameterSize, List<File> Files);

    private KernelManifest(string version, List<Stepper> steppers)
    {
        IlgpuVersion = version;
        Steppers = steppers;
    }

    public string IlgpuVersion { get; }

    public IReadOnlyList<Stepper> Steppers { get; }

    public Stepper? Find(string name) => Steppers.FirstOrDefault(s => s.Name == name);

    /// <summary>This manifest without the kernels of <paramref name="kind"/>: what a catalog built before that kind
    /// existed lists (the tests run the solvers' fallbacks on it).</summary>
    public KernelManifest Without(KernelKind kind) =>
        new(IlgpuVersion, Steppers.Select(s => s with { Files = s.Files.Where(f => f.Kind != kind).ToList() }).ToList());

    public static KernelManifest Parse(string text, string origin)
    {
        string? version = null;
        var steppers = new List<Stepper>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (f[0])
            {
                case "ilgpu" when f.Length == 2:
                    version = f[1];
                    break;
                case "stepper" when f.Length == 5:
                    steppers.Add(new Stepper(f[1], f[2], Int(f[3], origin, i), Int(f[4], origin, i), []));
                    break;
                case "kernel" when f.Length == 5 && steppers.Count > 0 && f[1] is "forward" or "backward" or "blocks" or "tally":
                    KernelKind kind = f[1] switch
                    {
                        "forward" => KernelKind.Forward,
                        "backward" => KernelKind.Backward,
                        "blocks" => KernelKind.ParameterGradientBlocks,
                        _ => KernelKind.TrajectoryTally,
                    };
                    steppers[^1].Files.Add(new File(kind, f[2], f[3], f[4]));
                    break;
                default:
                    throw Bad(origin, i, $"unexpected line '{line}'");
            }
        }
        if (version is null) throw Bad(origin, lines.Length, "no 'ilgpu <version>' line");
        if (version != SupportedIlgpuVersion)
            throw new InvalidOperationException(
                $"The GPU kernels embedded in {origin} were compiled by ILGPU {version}, but this launch layer marshals the argument layout " +
                $"of ILGPU {SupportedIlgpuVersion} (an ILGPU internal): pin ILGPU {SupportedIlgpuVersion} in Directory.Packages.props, or " +
                "check the layouts (KernelArgumentLayoutTests) and update KernelManifest.SupportedIlgpuVersion.");
        return new KernelManifest(version, steppers);
    }

    private static int Int(string text, string origin, int line) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw Bad(origin, line, $"'{text}' is not a size");

    private static InvalidOperationException Bad(string origin, int line, string what) =>
        new($"The GPU kernel manifest embedded in {origin} is malformed at line {line + 1}: {what}. Rebuild it (EmbedGpuKernels.targets).");
}
