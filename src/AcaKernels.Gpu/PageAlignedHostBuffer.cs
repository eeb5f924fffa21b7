using System.Runtime.CompilerServices;

namespace AcaKernels.Gpu;

/// <summary>
/// A host buffer that a solver copies to or from the device on every call, made once: an array on the pinned object
/// heap (it never moves) whose <see cref="Length"/> elements start at a page boundary and whose
/// <see cref="RegisteredBytes"/> run over whole pages of its own. A driver page-locks memory page by page, so two
/// registrations that shared a page would overlap (the CUDA driver refuses a range that is partly registered already)
/// and a buffer that shared its pages with a neighbour could not be registered at all.
/// </summary>
internal sealed unsafe class PageAlignedHostBuffer<T> where T : unmanaged
{
    private readonly T[] _array;
    private readonly int _offset;

    public PageAlignedHostBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int page = Environment.SystemPageSize, perPage = Math.Max(1, page / sizeof(T));
        if (length > Array.MaxLength - 2 * perPage)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"A page-aligned host array holds at most {Array.MaxLength - 2 * perPage} elements (.NET's largest array, less two pages of alignment room).");
        // Room for the start to move up to the next page boundary and for the last page to be whole.
        _array = GC.AllocateArray<T>(checked(length + 2 * perPage), pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref _array[0]);
        nint aligned = (start + page - 1) & ~(nint)(page - 1);
        _offset = (int)((aligned - start) / sizeof(T));
        Length = length;
        RegisteredBytes = ((long)length * sizeof(T) + page - 1) / page * page;
    }

    /// <summary>Elements in use.</summary>
    public int Length { get; }

    /// <summary>The elements in use.</summary>
    public Span<T> Span => _array.AsSpan(_offset, Length);

    /// <summary>The elements in use, as memory (to keep in a field or hand to an asynchronous API).</summary>
    public Memory<T> Memory => _array.AsMemory(_offset, Length);

    /// <summary>The first element's address, at a page boundary (the array is pinned).</summary>
    public nint Pointer => (nint)Unsafe.AsPointer(ref _array[_offset]);

    /// <summary>Whole pages from <see cref="Pointer"/> covering the elements, all inside the array.</summary>
    public long RegisteredBytes { get; }

    /// <summary>What a registration keeps alive: the array itself.</summary>
    public object Owner => _array;
}
