namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>The text of one method in a generated source, for the tests that pin which form a generated kernel has.</summary>
internal static class GeneratedMethod
{
    /// <summary>
    /// The method whose declaration starts with <paramref name="signature"/> (its first occurrence: give enough of the
    /// declaration to tell it from a call), from there to its closing brace, braces counted; with
    /// <paramref name="withoutComments"/> its comment lines dropped (tests that look for names the comments quote).
    /// </summary>
    public static string Text(string generated, string signature, bool withoutComments = false)
    {
        int start = generated.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, "no " + signature);
        int end = generated.IndexOf('{', start), depth = 0;
        Assert.True(end >= 0, "no body after " + signature);
        do depth += generated[end] switch { '{' => 1, '}' => -1, _ => 0 };
        while (depth > 0 && ++end < generated.Length);
        string method = generated[start..Math.Min(end + 1, generated.Length)];
        return withoutComments
            ? string.Join("\n", method.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            : method;
    }
}
