namespace AcaKernels.Tests.Support;

/// <summary>
/// Allocation tests run alone: a garbage collection triggered by a test on another thread resets this thread's
/// allocation context, which shows up as phantom bytes in <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation";
}
