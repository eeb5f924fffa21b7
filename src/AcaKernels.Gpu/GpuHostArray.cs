namespace AcaKernels.Gpu;

/// <summary>
/// Host memory for a GPU solver's inputs and results — z₀, θ, output times, outputs, seeds, gradients — that the
/// device copies directly: an array that never moves, registered with the driver (page-locked) where that makes
/// copies faster. Fill <see cref="Span"/> and pass it to Solve and Gradient like any other span; the results are the
/// same, only the copies differ.
/// </summary>
/// <remarks>
/// <para>Why: a copy from ordinary (pageable) memory goes through the driver's staging buffers, one more pass over
/// the bytes on the host (8.8 GB/s on an H200, RESULTS §59: about 70 ms of a 8 388 608-trajectory Lorenz solve and
/// gradient). Page-locked memory is copied by the device's DMA engine straight from or into the array.</para>
/// <para>Only CUDA gains from it, and only it registers the memory (<see cref="IsPageLocked"/>); on OpenCL and the
/// CPU the array is ordinary pinned managed memory. A driver may refuse (the locked-memory limit): then too
/// <see cref="IsPageLocked"/> is false and everything works, only slower. Page-locked memory is taken from the
/// operating system's pool: keep what a solver's calls need and reuse it, do not make one per call.</para>
/// <para><see cref="Dispose"/> unregisters the memory (the device does it for arrays still registered when it is
/// disposed). The array is managed memory: it needs no freeing, and spans taken from it stay valid.</para>
/// </remarks>
public sealed class GpuHostArray<T> : IDisposable where T : unmanaged
{
    private readonly PageAlignedHostBuffer<T> _buffer;
    private PageLockRegistry.Registration? _registration;
    private bool _disposed;

    internal GpuHostArray(int length, Func<PageAlignedHostBuffer<T>, PageLockRegistry.Registration?> pageLock)
    {
        _buffer = new PageAlignedHostBuffer<T>(length);
        _registration = pageLock(_buffer);
    }

    /// <summary>Elements.</summary>
    public int Length => _buffer.Length;

    /// <summary>The elements (zeros when made).</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer.Span;
        }
    }

    /// <summary>The elements as <see cref="Memory{T}"/>, to keep in a field or hand on (the array never moves: pinning
    /// it costs nothing).</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Memory<T> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer.Memory;
        }
    }

    /// <summary>Whether the driver holds the memory page-locked (CUDA, until <see cref="Dispose"/> or the device's
    /// end); false on OpenCL and the CPU, and where the driver refused.</summary>
    public bool IsPageLocked => _registration is { IsLive: true };

    /// <summary>Unregisters the memory from the driver (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _registration?.Dispose();
        _registration = null;
    }
}
