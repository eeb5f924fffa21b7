using System.Runtime.ExceptionServices;

namespace AcaKernels.Ensembles;

/// <summary>
/// A fixed team of worker threads created once: <see cref="Run"/> hands one job to every worker (the calling
/// thread is worker 0) and returns when all have finished it. Unlike Parallel.For it allocates nothing per run:
/// the job is a delegate the owner caches, and workers wait on a monitor between runs.
/// </summary>
/// <remarks>The job decides what each worker does (an ensemble hands out chunks of trajectories through an
/// atomic counter), so the pool knows nothing about trajectories. The first exception a worker throws is
/// rethrown on the calling thread after every worker has stopped.</remarks>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private readonly long[] _allocated;
    private readonly Action<int> _readAllocated;
    private Action<int>? _job;
    private int _generation, _pending;
    private bool _disposed;
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
        lock (_gate)
        {
            _job = job;
            _pending = _threads.Length;
            _generation++;
            Monitor.PulseAll(_gate);
        }
        ExceptionDispatchInfo? own = null;
        try
        {
            job(0);
        }
        catch (Exception e)
        {
            own = ExceptionDispatchInfo.Capture(e);
        }
        ExceptionDispatchInfo? failure;
        lock (_gate)
        {
            while (_pending > 0) Monitor.Wait(_gate);
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

    private void Loop(int worker)
    {
        int seen = 0;
        while (true)
        {
            Action<int> job;
            lock (_gate)
            {
                while (_generation == seen && !_disposed) Monitor.Wait(_gate);
                if (_disposed) return;
                seen = _generation;
                job = _job!;
            }
            try
            {
                job(worker);
            }
            catch (Exception e)
            {
                lock (_gate) _failure ??= ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                if (--_pending == 0) Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Lets the threads end (they are background threads: a forgotten pool does not keep a process alive).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
