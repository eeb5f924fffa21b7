namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The solver's page-locked host buffers start at a page boundary and register whole pages of their own array (the
/// CUDA driver registers memory page by page: two buffers sharing a page could not both be registered), for element
/// sizes 4 and 8 and lengths around page multiples; the elements are the array's, kept as written.
/// </summary>
public sealed class PageAlignedHostBufferTests
{
    public static TheoryData<int> Lengths() => new() { 0, 1, 7, 1023, 1024, 1025, 4096, 100_003 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Buffer_IsPageAligned_AndRegistersWholePagesOfItsOwn(int length)
    {
        Check(new PageAlignedHostBuffer<int>(length), length);
        Check(new PageAlignedHostBuffer<float>(length), length);
        Check(new PageAlignedHostBuffer<double>(length), length);
    }

    private static unsafe void Check<T>(PageAlignedHostBuffer<T> buffer, int length) where T : unmanaged
    {
        int page = Environment.SystemPageSize;
        Assert.Equal(length, buffer.Length);
        Assert.Equal(length, buffer.Span.Length);
        Assert.Equal(0, buffer.Pointer % page);
        Assert.Equal(0, buffer.RegisteredBytes % page);
        Assert.InRange(buffer.RegisteredBytes, (long)length * sizeof(T), (long)length * sizeof(T) + page - 1);
        var array = (T[])buffer.Owner;
        fixed (T* first = array)
        {
            long start = buffer.Pointer - (nint)first, end = start + buffer.RegisteredBytes;
            Assert.InRange(start, 0, (long)array.Length * sizeof(T));
            Assert.InRange(end, start, (long)array.Length * sizeof(T));
        }
        if (length > 0)
        {
            fixed (T* last = &buffer.Span[^1]) Assert.Equal(buffer.Pointer + (nint)(length - 1) * sizeof(T), (nint)last);
        }
    }
}
