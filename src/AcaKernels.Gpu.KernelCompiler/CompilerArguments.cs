namespace AcaKernels.Gpu.KernelCompiler;

/// <summary>A command line that cannot be run: what is wrong and what to pass instead.</summary>
internal sealed class CompilerUsageException(string message) : Exception(message);

/// <summary>The tool's parsed command line.</summary>
internal sealed record CompilerArguments(string OutputDirectory, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Steppers)
{
    public static CompilerArguments Parse(IReadOnlyList<string> args)
    {
        string? output = null;
        var assemblies = new List<string>();
        var steppers = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Count) throw new CompilerUsageException($"{name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--out": output = value; break;
                case "--assembly":
                    if (!File.Exists(value)) throw new CompilerUsageException($"--assembly {value}: no such file (build the project that defines the steppers first).");
                    assemblies.Add(Path.GetFullPath(value));
                    break;
                case "--stepper": steppers.Add(value); break;
                default: throw new CompilerUsageException($"unknown option '{name}' (expected --out, --assembly or --stepper).");
            }
        }
        if (output is null) throw new CompilerUsageException("--out DIR is required.");
        if (assemblies.Count == 0) throw new CompilerUsageException("at least one --assembly PATH (the assembly defining the steppers) is required.");
        if (steppers.Count == 0) throw new CompilerUsageException("at least one --stepper TYPE (a generated IGpuStepper<T>, e.g. My.System+RhsOde+Gpu+DormandPrince5) is required.");
        return new CompilerArguments(Path.GetFullPath(output), assemblies, steppers);
    }
}
