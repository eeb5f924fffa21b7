using System.Buffers.Binary;
using System.IO.Compression;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// Reads gzip-compressed IDX files (the MNIST family's format): a big-endian header of a magic number whose low
/// byte is the number of dimensions and whose third byte is the element type (0x08: unsigned byte), one 32-bit
/// size per dimension, then the elements in row-major order. Only unsigned-byte files are read, and only as many
/// items as asked for, so a test that needs 100 images decompresses 100 images, not 60,000.
/// </summary>
/// <remarks>Format: LeCun, Cortes and Burges, "The MNIST database of handwritten digits" (file-format section);
/// Fashion-MNIST uses it unchanged (Xiao, Rasul and Vollgraf, arXiv:1708.07747, 2017).</remarks>
internal static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>The first <paramref name="count"/> items of an unsigned-byte IDX file with
    /// <paramref name="dimensions"/> dimensions (1 for labels, 3 for images), as bytes, with the sizes of the
    /// dimensions after the first (28, 28 for images; none for labels).</summary>
    /// <exception cref="FileNotFoundException">The file is missing (the message names it and <paramref name="missingHint"/>).</exception>
    /// <exception cref="InvalidDataException">Not gzip, a wrong magic number, fewer items than asked, or truncated.</exception>
    public static byte[] Read(string path, int dimensions, int count, string missingHint, out int[] itemShape, out int available)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' not found. {missingHint}", path);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            Span<byte> word = stackalloc byte[4];
            ReadExactly(gzip, word, path, "the magic number");
            int magic = BinaryPrimitives.ReadInt32BigEndian(word);
            int expected = (UnsignedByte << 8) | dimensions;
            if (magic != expected)
                throw new InvalidDataException(
                    $"'{path}' starts with magic number 0x{magic:X8}, not 0x{expected:X8} (unsigned bytes, {dimensions} dimension(s)); " +
                    "it is not the IDX file expected here (reinstall the data package).");
            var sizes = new int[dimensions];
            for (int d = 0; d < dimensions; d++)
            {
                ReadExactly(gzip, word, path, $"the size of dimension {d}");
                sizes[d] = BinaryPrimitives.ReadInt32BigEndian(word);
                if (sizes[d] <= 0 || sizes[d] > 10_000_000)
                    throw new InvalidDataException($"'{path}': dimension {d} has size {sizes[d]}, which no IDX data set has; the file is corrupt.");
            }
            available = sizes[0];
            itemShape = sizes[1..];
            if (count < 0 || count > available)
                throw new ArgumentOutOfRangeException(nameof(count), count, $"'{path}' holds {available} items; ask for 0 to {available}.");
            long itemSize = 1;
            foreach (int size in itemShape) itemSize *= size;
            if (itemSize * count > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} items of {itemSize} bytes from '{path}' do not fit in one array.");
            var data = new byte[itemSize * count];
            ReadExactly(gzip, data, path, $"{count} items of {itemSize} bytes");
            return data;
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            // GZipStream's own message ("the archive entry was compressed using an unsupported compression method"…)
            // does not say which file; name it.
            throw new InvalidDataException($"'{path}' is not a readable gzip file: {e.Message}", e);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidDataException($"'{path}' ends after {read} of the {buffer.Length} bytes of {what}; the file is truncated.");
    }
}
