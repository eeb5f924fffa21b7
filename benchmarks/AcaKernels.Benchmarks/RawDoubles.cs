namespace AcaKernels.Benchmarks;

/// <summary>
/// Arrays of doubles as raw little-endian float64 files (numpy.fromfile reads them with dtype '&lt;f8'): how the
/// PyTorch comparator (benchmarks/pytorch/) receives our results, references and shared data.
/// </summary>
internal static class RawDoubles
{
    /// <summary>Writes <paramref name="values"/> to <paramref name="directory"/>/<paramref name="name"/>.f64.</summary>
    public static void Write(string directory, string name, ReadOnlySpan<double> values)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("RawDoubles writes the machine's bytes, and the comparator reads little-endian float64.");
        Directory.CreateDirectory(directory);
        using FileStream file = File.Create(Path.Combine(directory, name + ".f64"));
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }
}
