using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AcaKernels.Lanes;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The lane engine's vector buffers (views into one block) and the checkpoint log's slots start on cache lines (a Vector512 that straddles
/// two lines slows every kernel load and store; RESULTS.md §8), and the log keeps every slot's values when it grows
/// onto a new, differently placed array. Alignment is checked by address; the values by exact equality (the log only
/// copies).
/// </summary>
public sealed class AlignedVectorsTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 3, 3, 21, 3, 3, 0, 3 })] // the engine's shape: n, n, s·n, …, an m of 0
    [InlineData(new[] { 12, 12, 84, 12, 12, 1000, 12, 12, 12, 1000, 1000 })]
    public unsafe void Block_AnyLengths_EachViewOnACacheLineZeroedAndNextToTheLast(int[] lengths)
    {
        // Many in a row: each allocation moves the heap's next address by a different amount mod 64.
        for (int i = 0; i < 20; i++)
        {
            var block = new AlignedVectorBlock<double>(lengths.Sum());
            AlignedVectorView<double>[] views = lengths.Select(block.Take).ToArray();
            Assert.Equal(0, block.Left);
            for (int k = 0; k < views.Length; k++)
            {
                Span<Vector512<double>> view = views[k];
                Assert.Equal(lengths[k], view.Length);
                nuint start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(view));
                Assert.Equal(0u, start % AlignedVectors.Alignment);
                if (k > 0)
                {
                    // Back to back: the buffers neither overlap nor leave gaps.
                    nuint previous = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(views[k - 1].Span));
                    Assert.Equal(previous + (nuint)(lengths[k - 1] * AlignedVectors.Alignment), start);
                }
                foreach (Vector512<double> v in view) Assert.Equal(Vector512<double>.Zero, v);
            }
        }
    }

    [Fact]
    public void Block_WrittenThroughEveryView_EachKeepsItsOwnValues()
    {
        int[] lengths = [3, 21, 0, 3, 5];
        var block = new AlignedVectorBlock<double>(lengths.Sum());
        AlignedVectorView<double>[] views = lengths.Select(block.Take).ToArray();
        for (int k = 0; k < views.Length; k++)
            for (int j = 0; j < views[k].Length; j++) views[k][j] = Vector512.Create(100.0 * k + j);
        for (int k = 0; k < views.Length; k++)
        {
            ReadOnlySpan<Vector512<double>> view = views[k];
            for (int j = 0; j < view.Length; j++) Assert.Equal(Vector512.Create(100.0 * k + j), view[j]);
            if (view.Length > 1) Assert.Equal(Vector512.Create(100.0 * k + 1), views[k].AsSpan(1, 1)[0]);
        }
        Assert.Throws<IndexOutOfRangeException>(() => views[0][3]);
    }

    [Fact]
    public void Block_TakingPastItsCapacity_ThrowsSayingWhatIsLeft()
    {
        var block = new AlignedVectorBlock<double>(5);
        block.Take(3);
        var error = Assert.Throws<InvalidOperationException>(() => block.Take(3));
        Assert.Contains("has 2 left, not 3", error.Message);
        Assert.Equal(2, block.Take(2).Length);
    }

    [Fact]
    public void View_AsItsOwnType_SameVectors_AsAnotherType_Throws()
    {
        var block = new AlignedVectorBlock<double>(2);
        AlignedVectorView<double> view = block.Take(2);
        view[1] = Vector512.Create(7.0);
        Assert.Equal(Vector512.Create(7.0), view.As<double>()[1]);
        Assert.Throws<InvalidCastException>(() => view.As<float>());
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
