using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AcaKernels.Lanes;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The lane engine's vector buffers and the checkpoint log's slots start on cache lines (a Vector512 that straddles
/// two lines slows every kernel load and store; RESULTS.md §8), and the log keeps every slot's values when it grows
/// onto a new, differently placed array. Alignment is checked by address; the values by exact equality (the log only
/// copies).
/// </summary>
public sealed class AlignedVectorsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(21)]
    [InlineData(63)]
    [InlineData(1000)]
    public void Allocate_AnyLength_DataOnACacheLineAndZeroed(int length)
    {
        // Many in a row: each allocation moves the heap's next address by a different amount mod 64.
        for (int i = 0; i < 20; i++)
        {
            Vector512<double>[] array = AlignedVectors.Allocate<double>(length);
            Assert.Equal(length, array.Length);
            Assert.Equal(0, AlignedVectors.MisalignmentOf(array));
            Assert.All(array, v => Assert.Equal(Vector512<double>.Zero, v));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(21)]
    [InlineData(11_400)] // the classifier block's lane VJP workspace, in vectors
    public unsafe void AlignedView_AnyLength_StartsOnACacheLineInsideItsArrayAndIsZeroed(int length)
    {
        for (int i = 0; i < 20; i++)
        {
            Vector512<double>[] array = AlignedVectors.AllocateForView<double>(length);
            Span<Vector512<double>> view = AlignedVectors.AlignedView(array, length);
            Assert.Equal(length, view.Length);
            nuint start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(view));
            nuint data = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            Assert.Equal(0u, start % AlignedVectors.Alignment);
            // The view ends inside the array: the extra vector covers the offset (at most 56 bytes).
            Assert.True(start - data < AlignedVectors.Alignment);
            Assert.True(start + (nuint)(length * AlignedVectors.Alignment) <= data + (nuint)(array.Length * AlignedVectors.Alignment));
            foreach (Vector512<double> v in view) Assert.Equal(Vector512<double>.Zero, v);
        }
    }

    [Fact]
    public void Allocate_ZeroLength_Empty() => Assert.Empty(AlignedVectors.Allocate<double>(0));

    [Fact]
    public unsafe void CheckpointLog_GrowingPastSeveralCapacities_SlotsAlignedAndValuesKept()
    {
        const int n = 3, slots = 1000; // capacity 64, 128, …, 1024: four re-allocations
        var log = new LaneCheckpointLog<double>(n, first: 0, trajectories: 1, budgetBytes: long.MaxValue);
        Span<Vector512<double>> z = stackalloc Vector512<double>[n];
        for (int s = 0; s < slots; s++)
        {
            for (int j = 0; j < n; j++) z[j] = Vector512.Create((double)(s * n + j));
            Assert.True(log.TryAppend(Vector512.Create(s + 0.5), Vector512.Create(-s - 0.25), z, accepted: (uint)s & 0xFF, first: 0, landed: 0,
                group: s & 1));
        }
        Assert.Equal(slots, log.Count);
        for (int s = 0; s < slots; s++)
        {
            ReadOnlySpan<Vector512<double>> slot = log.Slot(s);
            Assert.Equal(0L, (long)Unsafe.AsPointer(ref Unsafe.AsRef(in slot[0])) % AlignedVectors.Alignment);
            Assert.Equal(Vector512.Create(s + 0.5), slot[0]);
            Assert.Equal(Vector512.Create(-s - 0.25), slot[1]);
            for (int j = 0; j < n; j++) Assert.Equal(Vector512.Create((double)(s * n + j)), slot[2 + j]);
            Assert.Equal((uint)s & 0xFF, log.Masks(s) & 0xFF);
            Assert.Equal(s & 1, log.Group(s));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Slot(slots));
    }
}
