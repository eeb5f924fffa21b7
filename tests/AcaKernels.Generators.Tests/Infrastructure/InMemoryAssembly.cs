using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>Emits a compilation and loads it into a collectible load context, unloaded on dispose.</summary>
internal sealed class InMemoryAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public InMemoryAssembly(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
            throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n",
                result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        stream.Position = 0;
        _context = new AssemblyLoadContext("Generated", isCollectible: true);
        _context.Resolving += (context, name) => name.Name == "AcaKernels" ? typeof(IOdeDynamics<>).Assembly : null;
        Assembly = _context.LoadFromStream(stream);
    }

    public Assembly Assembly { get; }

    /// <summary>A static method of type <paramref name="typeName"/> as a delegate.</summary>
    public T Method<T>(string typeName, string method) where T : Delegate =>
        Assembly.GetType(typeName, throwOnError: true)!.GetMethod(method)!.CreateDelegate<T>();

    public void Dispose() => _context.Unload();
}
