using System.Globalization;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// The seeds of a test-retest run, as `--seeds` gives them: a count N (seeds 1 … N), a range "A..B" (A … B) or a
/// comma-separated list "3,7,11". Every seed trains every method once, on the same images.
/// </summary>
public static class ClassificationSeeds
{
    /// <summary>Most seeds one run takes.</summary>
    public const int Max = 1000;

    /// <summary>The seeds <paramref name="text"/> names, in the order given.</summary>
    /// <exception cref="ArgumentException">Text that is none of the three forms, a repeated seed, or more than
    /// <see cref="Max"/> seeds (the message says which and what to write).</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Forms = "give a count N (seeds 1 … N), a range A..B or a list A,B,C";
        string trimmed = text.Trim();
        int[] seeds;
        if (trimmed.Contains("..", StringComparison.Ordinal))
        {
            string[] ends = trimmed.Split("..");
            if (ends.Length != 2 || !TryInt(ends[0], out int first) || !TryInt(ends[1], out int last) || last < first)
                throw new ArgumentException($"--seeds '{text}' is not a range A..B with A ≤ B; {Forms}.");
            if ((long)last - first + 1 > Max) throw new ArgumentException($"--seeds '{text}' names {(long)last - first + 1} seeds; at most {Max}.");
            seeds = [.. Enumerable.Range(first, last - first + 1)];
        }
        else if (trimmed.Contains(',', StringComparison.Ordinal))
        {
            string[] parts = trimmed.Split(',');
            seeds = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!TryInt(parts[i], out seeds[i]))
                    throw new ArgumentException($"--seeds '{text}': '{parts[i].Trim()}' is not an integer; {Forms}.");
            if (seeds.Length > Max) throw new ArgumentException($"--seeds '{text}' names {seeds.Length} seeds; at most {Max}.");
            int repeated = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1)?.Key ?? 0;
            if (seeds.Distinct().Count() != seeds.Length)
                throw new ArgumentException($"--seeds '{text}' repeats seed {repeated}; a repeated seed only repeats its run bit for bit.");
        }
        else
        {
            if (!TryInt(trimmed, out int count)) throw new ArgumentException($"--seeds '{text}' is not a number; {Forms}.");
            if (count < 1 || count > Max) throw new ArgumentException($"--seeds {count}: give 1 to {Max} (or a range A..B, or a list A,B,C).");
            seeds = [.. Enumerable.Range(1, count)];
        }
        return seeds;
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
