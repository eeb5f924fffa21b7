using AcaKernels.Ensembles;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The worker pool's hand-offs (polling, then blocking: WorkerPool remarks): every run reaches every worker exactly
/// once and returns only after all have finished, whether the workers are still polling (runs back to back) or
/// asleep (a pause longer than the poll between runs); a worker's exception reaches the caller and the pool keeps
/// working; a disposed pool refuses runs. Counts are exact: any lost or doubled hand-off shows.
/// </summary>
public sealed class WorkerPoolTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Run_BackToBackAndAfterPauses_EveryWorkerRunsEveryJobOnceBeforeRunReturns(int workers)
    {
        using var pool = new WorkerPool(workers, "test");
        var ran = new int[workers];
        var pause = new Random(7); // fixed seed: which runs follow a pause
        for (int run = 1; run <= 400; run++)
        {
            int expected = run - 1;
            pool.Run(worker =>
            {
                // Each worker sees the previous run finished everywhere (Run returned only then).
                for (int w = 0; w < workers; w++) Assert.True(Volatile.Read(ref ran[w]) >= expected);
                Interlocked.Increment(ref ran[worker]);
            });
            for (int w = 0; w < workers; w++) Assert.Equal(run, ran[w]);
            // Now and then a pause past the poll (100 µs), so the next hand-off wakes sleeping threads.
            if (pause.Next(8) == 0) Thread.Sleep(2);
        }
    }

    [Fact]
    public void Run_WorkerThrows_CallerGetsTheExceptionAndThePoolKeepsWorking()
    {
        using var pool = new WorkerPool(3, "test");
        var error = Assert.Throws<InvalidOperationException>(() => pool.Run(worker =>
        {
            if (worker == 2) throw new InvalidOperationException("worker 2 failed");
        }));
        Assert.Equal("worker 2 failed", error.Message);
        int count = 0;
        pool.Run(_ => Interlocked.Increment(ref count));
        Assert.Equal(3, count);
    }

    [Fact]
    public void Run_SlowWorker_CallerWaitsPastItsPoll()
    {
        using var pool = new WorkerPool(2, "test");
        int done = 0;
        pool.Run(worker =>
        {
            if (worker == 1)
            {
                Thread.Sleep(20); // far past the caller's 100 µs poll: it must block and be woken
                Volatile.Write(ref done, 1);
            }
        });
        Assert.Equal(1, Volatile.Read(ref done));
    }

    [Fact]
    public void Dispose_ThenRunThrows()
    {
        var pool = new WorkerPool(3, "test");
        pool.Run(_ => { });
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(_ => { }));
    }
}
