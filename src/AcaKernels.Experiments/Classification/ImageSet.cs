namespace AcaKernels.Experiments.Classification;

/// <summary>
/// Labelled grey-scale images, all of one size: pixels as doubles in [0, 1] (byte / 255), image after image, each
/// row-major; labels 0 … <see cref="ClassCount"/> − 1.
/// </summary>
public sealed class ImageSet
{
    /// <summary>A set over the given pixels and labels (not copied).</summary>
    /// <exception cref="ArgumentException">Lengths that do not match, a pixel outside [0, 1] or a label out of range.</exception>
    public ImageSet(double[] pixels, byte[] labels, int height, int width, int classCount)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (height < 1 || width < 1) throw new ArgumentException($"image size {height}×{width} is empty.");
        if (classCount < 2) throw new ArgumentException($"{classCount} classes; a classifier needs at least 2.", nameof(classCount));
        if (pixels.Length != (long)labels.Length * height * width)
            throw new ArgumentException($"{pixels.Length} pixels for {labels.Length} labels of {height}×{width} images; they must match.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classCount)
                throw new ArgumentException($"label {labels[i]} of image {i} is not in [0, {classCount}).", nameof(labels));
        for (int i = 0; i < pixels.Length; i++)
            if (!(pixels[i] >= 0 && pixels[i] <= 1))
                throw new ArgumentException($"pixel {i % (height * width)} of image {i / (height * width)} is {pixels[i]}, not in [0, 1].", nameof(pixels));
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
        ClassCount = classCount;
    }

    /// <summary>All pixels, image after image.</summary>
    public double[] Pixels { get; }
    /// <summary>One label per image.</summary>
    public byte[] Labels { get; }
    /// <summary>Rows per image.</summary>
    public int Height { get; }
    /// <summary>Columns per image.</summary>
    public int Width { get; }
    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Pixels per image.</summary>
    public int ImageSize => Height * Width;

    /// <summary>Image <paramref name="index"/>'s pixels, row-major.</summary>
    public ReadOnlySpan<double> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);
}
