using System.Runtime.Intrinsics;

namespace AcaKernels.Lanes;

/// <summary>
/// One zeroed, pinned array cut into cache-line-aligned buffers (<see cref="AlignedVectorView{T}"/>): the first starts
/// at the array's first cache-line boundary, and since a vector is a whole cache line, every later one does too.
/// One allocation for all of an engine's small buffers, aligned by an offset instead of by retries.
/// </summary>
internal sealed class AlignedVectorBlock<T> where T : unmanaged
{
    private readonly Vector512<T>[] _block;
    private readonly int _capacity;
    private nuint _nextByte;
    private int _taken;

    /// <summary>A block of <paramref name="capacity"/> vectors (the sum of the lengths <see cref="Take"/> will be
    /// asked for).</summary>
    public AlignedVectorBlock(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _block = AlignedVectors.AllocateForView<T>(capacity);
        _capacity = capacity;
        _nextByte = AlignedVectors.AlignmentOffset(_block);
    }

    /// <summary>Vectors not yet handed out.</summary>
    public int Left => _capacity - _taken;

    /// <summary>The next <paramref name="length"/> vectors of the block.</summary>
    public AlignedVectorView<T> Take(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > Left)
            throw new InvalidOperationException(
                $"An aligned block of {_capacity} vectors has {Left} left, not {length}: size it as the sum of every buffer taken from it.");
        var view = new AlignedVectorView<T>(_block, _nextByte, length);
        _nextByte += (nuint)length * AlignedVectors.Alignment;
        _taken += length;
        return view;
    }
}
