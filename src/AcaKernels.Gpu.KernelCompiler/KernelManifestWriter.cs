using System.Text;

namespace AcaKernels.Gpu.KernelCompiler;

/// <summary>
/// Writes the compiled kernels and <c>gpu-kernels.manifest</c> into a folder, for EmbedGpuKernels.targets to embed.
/// The manifest is plain text, one record a line, read by AcaKernels.Gpu.Native's KernelManifest:
/// <code>
/// ilgpu 1.5.3.0
/// stepper &lt;full type name&gt; &lt;Double|Single&gt; &lt;n&gt; &lt;m&gt;
/// kernel &lt;forward|backward|blocks|tally&gt; &lt;opencl|ptx&gt; &lt;entry point&gt; &lt;file&gt;
/// </code>
/// (each kernel line belongs to the stepper line above it). The ILGPU version is there because the kernels'
/// argument layouts are ILGPU internals: the launch layer refuses kernels written by another version.
/// </summary>
internal static class KernelManifestWriter
{
    public const string ManifestName = "gpu-kernels.manifest";

    public static void Write(string folder, IReadOnlyList<StepperKernels> steppers)
    {
        Directory.CreateDirectory(folder);
        var manifest = new StringBuilder();
        manifest.Append("# AcaKernels ensemble kernels, written by aca-kernel-compiler (O2; PTX sm_80, OpenCL C 1.2 with fp64)\n");
        manifest.Append($"ilgpu {typeof(ILGPU.Context).Assembly.GetName().Version}\n");
        for (int i = 0; i < steppers.Count; i++)
        {
            StepperKernels s = steppers[i];
            manifest.Append($"stepper {s.Stepper} {s.NumberType} {s.StateSize} {s.ParameterSize}\n");
            Kernel(manifest, folder, i, "forward", s.Forward);
            Kernel(manifest, folder, i, "backward", s.Backward);
            if (s.ParameterGradientBlocks is { } blocks) Kernel(manifest, folder, i, "blocks", blocks);
            Kernel(manifest, folder, i, "tally", s.Tally);
        }
        // Last, so an interrupted run leaves no up-to-date manifest behind (MSBuild's incremental check reads it).
        File.WriteAllText(Path.Combine(folder, ManifestName), manifest.ToString());
    }

    private static void Kernel(StringBuilder manifest, string folder, int index, string kind, CompiledKernelPair kernel)
    {
        string cl = $"k{index}.{kind}.cl", ptx = $"k{index}.{kind}.ptx";
        File.WriteAllText(Path.Combine(folder, cl), kernel.OpenCLSource);
        File.WriteAllText(Path.Combine(folder, ptx), kernel.Ptx);
        manifest.Append($"kernel {kind} opencl {kernel.OpenCLEntry} {cl}\n");
        manifest.Append($"kernel {kind} ptx {kernel.PtxEntry} {ptx}\n");
    }
}
