using AcaKernels.Gpu;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// A timed row's inputs and results on the host: in a solver's <see cref="GpuHostArray{T}"/>s (what a user who cares
/// about the copies does; page-locked on CUDA) or in ordinary arrays (pageable), so the check can show the difference.
/// </summary>
internal sealed class HostArrays<T> : IDisposable where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Memory<T>[] _parts;
    private readonly IDisposable[] _owned;

    private HostArrays(string kind, Memory<T>[] parts, IDisposable[] owned) => (Kind, _parts, _owned) = (kind, parts, owned);

    /// <summary>"page-locked", "pinned, not page-locked" (where the driver gains nothing or refused) or "pageable".</summary>
    public string Kind { get; }

    public Span<T> Z0 => _parts[0].Span;
    public Span<T> Theta => _parts[1].Span;
    public Span<T> Seeds => _parts[2].Span;
    public Span<T> Outputs => _parts[3].Span;
    public Span<T> GradZ0 => _parts[4].Span;
    public Span<T> GradTheta => _parts[5].Span;

    public static HostArrays<T> Ordinary(EnsembleInputs<T> inputs, int times, int n, int b) =>
        new("pageable", [inputs.Z0, inputs.Theta, inputs.Seeds, new T[times * n * b], new T[n * b], new T[inputs.Theta.Length]], []);

    public static HostArrays<T> Of<TStepper>(GpuEnsembleSolver<T, TStepper> solver, EnsembleInputs<T> inputs, int times, int n, int b)
        where TStepper : struct, IGpuStepper<T>
    {
        GpuHostArray<T>[] arrays =
        [
            Filled(solver, inputs.Z0), Filled(solver, inputs.Theta), Filled(solver, inputs.Seeds), solver.CreateHostArray<T>(times * n * b),
            solver.CreateHostArray<T>(n * b), solver.CreateHostArray<T>(inputs.Theta.Length),
        ];
        string kind = arrays.All(a => a.IsPageLocked) ? "page-locked" : arrays.Any(a => a.IsPageLocked) ? "partly page-locked" : "pinned, not page-locked";
        return new HostArrays<T>(kind, Array.ConvertAll(arrays, a => a.Memory), arrays);
    }

    private static GpuHostArray<T> Filled<TStepper>(GpuEnsembleSolver<T, TStepper> solver, T[] values)
        where TStepper : struct, IGpuStepper<T>
    {
        GpuHostArray<T> array = solver.CreateHostArray<T>(values.Length);
        values.CopyTo(array.Span);
        return array;
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned) owned.Dispose();
    }
}
