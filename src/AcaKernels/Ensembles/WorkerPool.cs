using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace AcaKernels.Ensembles;

/// <summary>
/// A fixed team of worker threads created once: <see cref="Run"/> hands one job to every worker (the calling
/// thread is worker 0) and returns when all have finished it. Unlike Parallel.For it allocates nothing per run:
/// the job is a delegate the owner caches, and workers wait between runs.
/// </summary>
/// <remarks>
/// <para>The job decides what each worker does (an ensemble hands out chunks of trajectories through an atomic
/// counter), so the pool knows nothing about trajectories. The first exception a worker throws is rethrown on the
/// calling thread after every worker has stopped.</para>
/// <para>Each wait — a worker's for the next job, the caller's for the workers to finish — polls for
/// <see cref="SpinTime"/> before it blocks on the monitor. Waking a blocked thread took ≈ 100–200 µs per hand-off on
/// the 2-vCPU VM of RESULTS §25, where an ensemble of 1024 Lorenz trajectories takes ≈ 1 ms to solve and differentiate
/// with two hand-offs (Solve, Gradient): training loops and small ensembles call back to back, and a worker that is
/// still polling starts at once. A wait longer than the spin costs one core that long, once; then the threads
/// sleep. Handshakes between a waiter that goes to sleep and the thread that would wake it are Dekker-style: each
/// side publishes with a full fence (Interlocked) before it reads the other's flag, so one of them always sees the other.</para>
/// </remarks>
internal sealed class WorkerPool : IDisposable
{
    /// <summary>How long a waiting thread polls before it blocks: 100 µs (nothing on a single-core machine, where the
    /// thread it waits for cannot run while it polls).</summary>
    private static readonly long SpinTime = Environment.ProcessorCount > 1 ? Stopwatch.Frequency / 10_000 : 0;

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private readonly long[] _allocated;
    private readonly Action<int> _readAllocated;
    private Action<int>? _job;
    private int _generation, _pending; // the current job's number; workers that have not finished it
    private int _sleepingWorkers, _callerSleeping; // blocked on the monitor (the Dekker flags, see remarks)
    private volatile bool _disposed;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Starts <paramref name="workers"/> − 1 background threads.</summary>
    public WorkerPool(int workers, string name)
    {
        _threads = new Thread[workers - 1];
        _allocated = new long[workers];
        _readAllocated = worker => _allocated[worker] = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i + 1;
            _threads[i] = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"{name} worker {worker}" };
            _threads[i].Start();
        }
    }

    /// <summary>True once <see cref="Dispose"/> ran.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Workers, the calling thread included.</summary>
    public int Workers => _threads.Length + 1;

    /// <summary>Runs <paramref name="job"/>(worker) on every worker and waits for all of them.</summary>
    public void Run(Action<int> job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_threads.Length == 0)
        {
            job(0);
            return;
        }
        _job = job;
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation); // publishes the job; a polling worker starts now
        if (Volatile.Read(ref _sleepingWorkers) != 0)
            lock (_gate) Monitor.PulseAll(_gate);
        ExceptionDispatchInfo? own = null;
        try
        {
            job(0);
        }
        catch (Exception e)
        {
            own = ExceptionDispatchInfo.Capture(e);
        }
        WaitForWorkers();
        ExceptionDispatchInfo? failure;
        lock (_gate)
        {
            _job = null;
            failure = own ?? _failure;
            _failure = null;
        }
        failure?.Throw();
    }

    /// <summary>
    /// Bytes the pool's threads (the calling thread as worker 0) have allocated so far, each read on its own thread
    /// with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, summed. For allocation tests: unlike
    /// <see cref="GC.GetTotalAllocatedBytes"/> it leaves out the other threads of the process (a test host's).
    /// </summary>
    internal long AllocatedBytes()
    {
        Run(_readAllocated);
        long sum = 0;
        foreach (long bytes in _allocated) sum += bytes;
        return sum;
    }

    private void WaitForWorkers()
    {
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTime)
            {
                Thread.SpinWait(20);
                continue;
            }
            lock (_gate)
            {
                Interlocked.Exchange(ref _callerSleeping, 1);
                while (Volatile.Read(ref _pending) != 0) Monitor.Wait(_gate);
                Volatile.Write(ref _callerSleeping, 0);
            }
        }
    }

    private void Loop(int worker)
    {
        int seen = 0;
        while (true)
        {
            WaitForJob(seen);
            if (_disposed) return;
            seen = Volatile.Read(ref _generation);
            Action<int> job = _job!;
            try
            {
                job(worker);
            }
            catch (Exception e)
            {
                lock (_gate) _failure ??= ExceptionDispatchInfo.Capture(e);
            }
            if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerSleeping) != 0)
                lock (_gate) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Returns when a job after <paramref name="seen"/> is published or the pool is disposed.</summary>
    private void WaitForJob(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _generation) == seen && !_disposed)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTime)
            {
                Thread.SpinWait(20);
                continue;
            }
            lock (_gate)
            {
                Interlocked.Increment(ref _sleepingWorkers);
                while (Volatile.Read(ref _generation) == seen && !_disposed) Monitor.Wait(_gate);
                Interlocked.Decrement(ref _sleepingWorkers);
            }
        }
    }

    /// <summary>Lets the threads end (they are background threads: a forgotten pool does not keep a process alive).</summary>
    public void Dispose()
    {
        _disposed = true;
        lock (_gate) Monitor.PulseAll(_gate);
    }
}
