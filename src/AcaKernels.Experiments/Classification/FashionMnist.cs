namespace AcaKernels.Experiments.Classification;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf, arXiv:1708.07747, 2017): 28×28 grey images of clothing in 10 classes,
/// 60,000 for training and 10,000 for testing, read from Debian's <c>dataset-fashion-mnist</c> package
/// (gzip IDX files in <see cref="DefaultDirectory"/>).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    /// <summary>The command that installs them.</summary>
    public const string InstallCommand = "apt-get install dataset-fashion-mnist";
    /// <summary>Image side in pixels.</summary>
    public const int Side = 28;
    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;
    /// <summary>Images in the training file.</summary>
    public const int TrainingCount = 60_000;
    /// <summary>Images in the test file.</summary>
    public const int TestCount = 10_000;

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The first <paramref name="count"/> training images (of 60,000), in file order.</summary>
    /// <exception cref="FileNotFoundException">The package is not installed (the message says how to install it).</exception>
    /// <exception cref="InvalidDataException">A file that is not what Fashion-MNIST ships.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More images than the file holds.</exception>
    public static ImageSet LoadTraining(int count, string? directory = null) => Load("train", count, directory);

    /// <summary>The first <paramref name="count"/> test images (of 10,000), in file order.</summary>
    /// <exception cref="FileNotFoundException">The package is not installed (the message says how to install it).</exception>
    /// <exception cref="InvalidDataException">A file that is not what Fashion-MNIST ships.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More images than the file holds.</exception>
    public static ImageSet LoadTest(int count, string? directory = null) => Load("t10k", count, directory);

    private static ImageSet Load(string prefix, int count, string? directory)
    {
        directory ??= DefaultDirectory;
        string hint = $"Install Fashion-MNIST with '{InstallCommand}' (as root), or pass the folder that holds " +
                      $"{prefix}-images-idx3-ubyte.gz and {prefix}-labels-idx1-ubyte.gz.";
        string imagesPath = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz");
        string labelsPath = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz");
        byte[] labels = IdxFile.Read(labelsPath, 1, count, hint, out _, out int labelCount);
        byte[] bytes = IdxFile.Read(imagesPath, 3, count, hint, out int[] shape, out int imageCount);
        if (labelCount != imageCount)
            throw new InvalidDataException($"'{labelsPath}' holds {labelCount} labels but '{imagesPath}' holds {imageCount} images; they must match.");
        if (shape[0] != Side || shape[1] != Side)
            throw new InvalidDataException($"'{imagesPath}' holds {shape[0]}×{shape[1]} images; Fashion-MNIST's are {Side}×{Side}.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= ClassCount)
                throw new InvalidDataException($"'{labelsPath}': label {labels[i]} of item {i} is not a class (0 to {ClassCount - 1}).");

        var pixels = new double[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) pixels[i] = bytes[i] / 255.0;
        return new ImageSet(pixels, labels, Side, Side, ClassCount);
    }
}
