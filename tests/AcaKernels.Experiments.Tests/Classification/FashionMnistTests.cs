using System.IO.Compression;
using AcaKernels.Experiments.Classification;

namespace AcaKernels.Experiments.Tests.Classification;

/// <summary>
/// The loader against the real files of Debian's dataset-fashion-mnist (tests/run-all.sh installs it). Expected
/// values were read from the same files with Python's gzip and struct modules, independently of this code.
/// </summary>
public sealed class FashionMnistTests
{
    [Fact]
    public void LoadTraining_FirstImages_MatchTheFileAsReadByPython()
    {
        ImageSet set = FashionMnist.LoadTraining(12);
        Assert.Equal(12, set.Count);
        Assert.Equal((28, 28), (set.Height, set.Width));
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9], set.Labels);
        // Image 0: byte sum 76247 (so 76247/255 in [0, 1] units, summed in a different order: 1e-12 relative);
        // row 14 starts 00 00 01 04 06 07 02 00 … and ends … ff 4d 00.
        Assert.Equal(76247 / 255.0, SumOf(set.Image(0)), 1e-12 * 300);
        ReadOnlySpan<double> row = set.Image(0).Slice(14 * 28, 28);
        Assert.Equal([0, 0, 1 / 255.0, 4 / 255.0, 6 / 255.0, 7 / 255.0, 2 / 255.0], row[..7].ToArray());
        Assert.Equal([1.0, 0x4d / 255.0, 0], row[^3..].ToArray());
    }

    [Fact]
    public void LoadTest_FirstImages_MatchTheFileAsReadByPython()
    {
        ImageSet set = FashionMnist.LoadTest(12);
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5], set.Labels);
        Assert.Equal(33456 / 255.0, SumOf(set.Image(0)), 1e-12 * 200);
    }

    [Fact]
    public void LoadTraining_ASlice_HasPixelsInTheUnitIntervalAndEveryClass()
    {
        ImageSet set = FashionMnist.LoadTraining(1000);
        Assert.All(set.Pixels, value => Assert.InRange(value, 0.0, 1.0));
        Assert.Equal(10, set.Labels.Distinct().Count());   // 1,000 shuffled images hold all ten classes (~100 each)
    }

    [Fact]
    public void Load_MissingDirectory_NamesTheFileAndTheInstallCommand()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-fashion-mnist-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.LoadTraining(10, missing));
        Assert.Contains(Path.Combine(missing, "train-labels-idx1-ubyte.gz"), error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void Load_MoreImagesThanTheFileHolds_SaysHowManyThereAre()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FashionMnist.LoadTest(10_001));
        Assert.Contains("holds 10000 items", error.Message);
    }

    [Fact]
    public void Load_WrongMagicNumber_NamesTheFileAndTheNumbers()
    {
        using var folder = new TemporaryFolder();
        // A labels file with the images' magic number (0x00000803): the header is read, the mismatch named.
        WriteGzip(Path.Combine(folder.Path, "t10k-labels-idx1-ubyte.gz"), [0, 0, 8, 3, 0, 0, 0, 1, 5]);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadTest(1, folder.Path));
        Assert.Contains("t10k-labels-idx1-ubyte.gz", error.Message);
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("0x00000801", error.Message);
    }

    [Fact]
    public void Load_TruncatedFile_SaysItIsTruncated()
    {
        using var folder = new TemporaryFolder();
        // Header promises 5 labels; 2 follow.
        WriteGzip(Path.Combine(folder.Path, "t10k-labels-idx1-ubyte.gz"), [0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadTest(5, folder.Path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", error.Message);
    }

    [Fact]
    public void Load_NotGzip_NamesTheFile()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadTest(1, folder.Path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_LabelOutOfRange_NamesTheItem()
    {
        using var folder = new TemporaryFolder();
        WriteGzip(Path.Combine(folder.Path, "t10k-labels-idx1-ubyte.gz"), [0, 0, 8, 1, 0, 0, 0, 2, 3, 10]);
        var image = new byte[16 + 2 * 784];
        image[2] = 8; image[3] = 3; image[7] = 2; image[11] = 28; image[15] = 28;
        WriteGzip(Path.Combine(folder.Path, "t10k-images-idx3-ubyte.gz"), image);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadTest(2, folder.Path));
        Assert.Contains("label 10 of item 1", error.Message);
    }

    private static double SumOf(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double value in values) sum += value;
        return sum;
    }

    private static void WriteGzip(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("fashion-mnist-test-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
