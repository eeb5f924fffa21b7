namespace AcaKernels.Gpu.Tests;

/// <summary>
/// Every page-locked range is unregistered exactly once, whichever comes first: its owner's Dispose or the device's
/// end (Close); nothing is registered after Close; a refusal or an empty buffer registers nothing. The driver call is
/// a recording function here (the registry's own bookkeeping is what is tested; the CUDA calls behind it need a GPU).
/// </summary>
public sealed class PageLockRegistryTests
{
    private sealed class DriverLog
    {
        public readonly List<nint> Registered = [], Unregistered = [];

        public IDisposable? Register(nint pointer, long bytes)
        {
            Registered.Add(pointer);
            return new Range(this, pointer);
        }

        private sealed class Range(DriverLog log, nint pointer) : IDisposable
        {
            public void Dispose() => log.Unregistered.Add(pointer);
        }
    }

    [Fact]
    public void DisposedBeforeClose_IsUnregisteredOnce_AndCloseLeavesIt()
    {
        var driver = new DriverLog();
        var registry = new PageLockRegistry();
        var buffer = new PageAlignedHostBuffer<float>(1000);
        PageLockRegistry.Registration? registration = registry.Add(buffer, driver.Register);
        Assert.NotNull(registration);
        Assert.True(registration.IsLive);
        registration.Dispose();
        registration.Dispose();
        Assert.False(registration.IsLive);
        registry.Close();
        Assert.Equal([buffer.Pointer], driver.Registered);
        Assert.Equal([buffer.Pointer], driver.Unregistered);
    }

    [Fact]
    public void StillRegisteredAtClose_IsUnregisteredByClose_AndItsDisposeDoesNothingMore()
    {
        var driver = new DriverLog();
        var registry = new PageLockRegistry();
        var first = new PageAlignedHostBuffer<double>(10);
        var second = new PageAlignedHostBuffer<int>(5000);
        PageLockRegistry.Registration? a = registry.Add(first, driver.Register), b = registry.Add(second, driver.Register);
        registry.Close();
        registry.Close();
        Assert.False(a!.IsLive);
        Assert.False(b!.IsLive);
        a.Dispose();
        b.Dispose();
        Assert.Equal([first.Pointer, second.Pointer], driver.Registered);
        Assert.Equal([first.Pointer, second.Pointer], driver.Unregistered);
        Assert.True(registry.IsClosed);
    }

    [Fact]
    public void AfterClose_RefusedOrEmpty_NothingIsRegistered()
    {
        var driver = new DriverLog();
        var registry = new PageLockRegistry();
        Assert.Null(registry.Add(new PageAlignedHostBuffer<float>(0), driver.Register));
        Assert.Null(registry.Add(new PageAlignedHostBuffer<float>(8), (_, _) => null));
        registry.Close();
        Assert.Null(registry.Add(new PageAlignedHostBuffer<float>(8), driver.Register));
        Assert.Empty(driver.Registered);
    }
}
