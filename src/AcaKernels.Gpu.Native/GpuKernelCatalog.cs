using System.Reflection;

namespace AcaKernels.Gpu.Native;

/// <summary>Which of a stepper's kernels: the forward, the ACA backward, the sum of a shared θ's gradient rows in
/// blocks (ParameterGradientBlocksKernel; only where m &gt; 0), or the sum of the status words in blocks
/// (TrajectoryTallyKernel, for calls without per-trajectory results).</summary>
internal enum KernelKind { Forward, Backward, ParameterGradientBlocks, TrajectoryTally }

/// <summary>One compiled kernel: its code (OpenCL C or PTX) and entry point.</summary>
internal sealed record EmbeddedKernel(string Code, string Entry);

/// <summary>
/// The ensemble kernels compiled at build time and embedded in an assembly by EmbedGpuKernels.targets
/// (AcaKernels.Gpu.KernelCompiler): for each listed stepper its forward and ACA-backward kernels and, where it has
/// parameters, the kernel that sums a shared θ's gradient on the device, and the kernel that sums the status words, as
/// OpenCL C and PTX, found by the stepper's type.
/// </summary>
public sealed class GpuKernelCatalog
{
    /// <summary>The logical name prefix of the embedded files (the targets file writes the same).</summary>
    internal const string ResourcePrefix = "AcaKernels.GpuKernels/";

    private readonly Assembly _assembly;
    private readonly KernelManifest _manifest;

    private GpuKernelCatalog(Assembly assembly, KernelManifest manifest)
    {
        _assembly = assembly;
        _manifest = manifest;
    }

    /// <summary>The kernels embedded in <paramref name="assembly"/>.</summary>
    /// <exception cref="InvalidOperationException">When the assembly embeds none, or kernels from another ILGPU version.</exception>
    public static GpuKernelCatalog From(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string name = ResourcePrefix + KernelManifest.FileName;
        using Stream stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"{assembly.GetName().Name} embeds no GPU kernels (no resource '{name}'): import EmbedGpuKernels.targets in its project and list " +
                "the steppers as AcaGpuKernel items (see src/AcaKernels.Cli/AcaKernels.Cli.csproj).");
        using var reader = new StreamReader(stream);
        KernelManifest manifest = KernelManifest.Parse(reader.ReadToEnd(), assembly.GetName().Name ?? "?");
        return new GpuKernelCatalog(assembly, manifest);
    }

    /// <summary>This catalog as one built before <paramref name="kind"/> existed would be: the solvers then take their
    /// fallback (the host tallies the status words, or sums a shared θ's gradient rows).</summary>
    internal GpuKernelCatalog Without(KernelKind kind) => new(_assembly, _manifest.Without(kind));

    /// <summary>The steppers whose kernels are embedded (full type names).</summary>
    public IReadOnlyList<string> Steppers => _manifest.Steppers.Select(s => s.Name).ToArray();

    /// <summary>The ILGPU version that compiled them.</summary>
    public string IlgpuVersion => _manifest.IlgpuVersion;

    /// <summary>Whether the kernels of <typeparamref name="TStepper"/> are embedded.</summary>
    public bool Contains<TStepper>() => _manifest.Find(typeof(TStepper).FullName ?? "") is not null;

    /// <summary>Whether the manifest lists <paramref name="kind"/> for <paramref name="stepper"/> on <paramref name="backend"/>'s
    /// target (the block-sum kernel is listed only for steppers with parameters, the tally kernel by catalogs built
    /// since it exists).</summary>
    internal bool Lists(Type stepper, GpuBackend backend, KernelKind kind)
    {
        string target = backend == GpuBackend.Cuda ? "ptx" : "opencl";
        return _manifest.Find(stepper.FullName ?? stepper.Name)?.Files.Any(f => f.Kind == kind && f.Target == target) ?? false;
    }

    internal EmbeddedKernel Kernel(Type stepper, string numberType, int n, int m, GpuBackend backend, KernelKind kind)
    {
        string name = stepper.FullName ?? stepper.Name;
        KernelManifest.Stepper entry = _manifest.Find(name)
            ?? throw new InvalidOperationException(
                $"No GPU kernels for {name} are embedded in {_assembly.GetName().Name} (it has {string.Join(", ", Steppers)}): add it to the " +
                "AcaGpuKernel items of that project and rebuild.");
        if (entry.NumberType != numberType || entry.StateSize != n || entry.ParameterSize != m)
            throw new InvalidOperationException(
                $"The embedded kernels of {name} were compiled for {entry.NumberType}, n = {entry.StateSize}, m = {entry.ParameterSize}, " +
                $"not {numberType}, n = {n}, m = {m}: they are stale; rebuild {_assembly.GetName().Name}.");
        string target = backend == GpuBackend.Cuda ? "ptx" : "opencl";
        KernelManifest.File file = entry.Files.FirstOrDefault(f => f.Kind == kind && f.Target == target)
            ?? throw new InvalidOperationException($"The manifest of {_assembly.GetName().Name} lists no {target} {kind} kernel for {name}: rebuild it.");
        using Stream stream = _assembly.GetManifestResourceStream(ResourcePrefix + file.Path)
            ?? throw new InvalidOperationException($"{_assembly.GetName().Name} lists but does not embed '{file.Path}': rebuild it.");
        using var reader = new StreamReader(stream);
        return new EmbeddedKernel(reader.ReadToEnd(), file.Entry);
    }
}
