using System.Reflection;

namespace AcaKernels.Generators.Tests.Documentation;

/// <summary>A fenced code block of a Markdown document: its info string (```csharp → "csharp"), the line of its
/// opening fence (1-based) and its text.</summary>
internal sealed record MarkdownCodeBlock(string Document, string Info, int Line, string Text)
{
    /// <summary>The language: the first word of the info string, lower case ("" for a plain fence).</summary>
    public string Language => Info.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? "";

    /// <summary>C# under any of the spellings Markdown renderers accept.</summary>
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";

    /// <summary>Marked ```csharp fragment: deliberately not a program (it is only parsed).</summary>
    public bool IsFragment => Info.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Contains("fragment");

    public override string ToString() => $"{Document}:{Line} ```{Info}";
}

/// <summary>Reads the documents this test project embeds (see the csproj: the repository README and the package
/// readme) and splits them into fenced code blocks.</summary>
internal static class MarkdownCodeBlocks
{
    /// <summary>The embedded documents, by their path in the repository.</summary>
    public static readonly string[] Documents = ["README.md", "docs/package-readme.md"];

    public static string Read(string document)
    {
        string resource = "Docs." + document.Replace('/', '.');
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{document} is not embedded as {resource}; add it to the test csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every fenced block of <paramref name="document"/>. Fences are ``` at the start of a line (the only
    /// form our documents use); an unclosed fence is an error rather than a block silently dropped.</summary>
    public static IReadOnlyList<MarkdownCodeBlock> Of(string document)
    {
        string[] lines = Read(document).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<MarkdownCodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            int open = i;
            string info = lines[i][3..].Trim();
            int close = Array.FindIndex(lines, open + 1, l => l.TrimEnd() == "```");
            if (close < 0)
                throw new InvalidOperationException($"{document}:{open + 1}: the ```{info} fence is never closed.");
            blocks.Add(new MarkdownCodeBlock(document, info, open + 1, string.Join("\n", lines[(open + 1)..close]) + "\n"));
            i = close;
        }
        return blocks;
    }
}
