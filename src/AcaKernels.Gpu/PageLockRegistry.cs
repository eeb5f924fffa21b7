namespace AcaKernels.Gpu;

/// <summary>
/// The host ranges a device has page-locked (registered with its driver), so that every one is unregistered exactly
/// once: by its owner (a solver's buffer when the solver goes, a <see cref="GpuHostArray{T}"/> when disposed) or, for
/// those still registered, by the device just before its context goes — a registration outliving its context is
/// undefined behaviour in the driver, and unregistering one twice is an error. Thread-safe: host arrays may be disposed
/// on any thread.
/// </summary>
internal sealed class PageLockRegistry
{
    private readonly List<Registration> _live = [];
    private bool _closed;

    /// <summary>Whether <see cref="Close"/> ran (the device is going or gone): nothing more is registered.</summary>
    public bool IsClosed
    {
        get { lock (_live) return _closed; }
    }

    /// <summary>Registers <paramref name="buffer"/> through <paramref name="pageLock"/> (the driver call; null when it
    /// refuses or gains nothing) and returns the handle that unregisters it, or null when nothing was registered.</summary>
    public Registration? Add<T>(PageAlignedHostBuffer<T> buffer, Func<nint, long, IDisposable?> pageLock) where T : unmanaged
    {
        if (buffer.RegisteredBytes == 0) return null;
        lock (_live)
        {
            if (_closed) return null;
            if (pageLock(buffer.Pointer, buffer.RegisteredBytes) is not { } scope) return null;
            var registration = new Registration(this, buffer.Owner, scope);
            _live.Add(registration);
            return registration;
        }
    }

    /// <summary>Unregisters every range still registered (once; the device calls it before freeing its context).</summary>
    public void Close()
    {
        lock (_live)
        {
            if (_closed) return;
            _closed = true;
            foreach (Registration registration in _live) registration.Scope.Dispose();
            _live.Clear();
        }
    }

    private void Remove(Registration registration)
    {
        lock (_live)
        {
            // After Close the context's end took it (and Close unregistered it already).
            if (_closed || !_live.Remove(registration)) return;
            registration.Scope.Dispose();
        }
    }

    /// <summary>One registered range; disposing it unregisters it. Keeps the registered memory alive (Owner: the
    /// pinned array) for as long as the driver may DMA into it.</summary>
    public sealed class Registration(PageLockRegistry registry, object owner, IDisposable scope) : IDisposable
    {
        public object Owner { get; } = owner;

        internal IDisposable Scope { get; } = scope;

        /// <summary>Whether the range is still registered (neither disposed nor ended with the device).</summary>
        public bool IsLive
        {
            get { lock (registry._live) return registry._live.Contains(this); }
        }

        public void Dispose() => registry.Remove(this);
    }
}
