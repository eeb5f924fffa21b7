using System.Text.RegularExpressions;

namespace AcaKernels.Gpu.Backends;

/// <summary>
/// How much per-thread local memory a kernel's PTX uses: the bytes of its <c>.local</c> declarations and its
/// <c>ld.local</c> / <c>st.local</c> instructions (static counts in the text, not executions). Local memory is
/// off-chip (cached in L1/L2): per-thread arrays that land there turn an arithmetic-bound one-thread-per-trajectory
/// kernel into a memory-bound one, which is what the register form of the kernels avoids.
/// </summary>
/// <remarks>ptxas may still spill registers to local memory on its own (its <c>-v</c> output, in check.sh, reports
/// that); a PTX with no local memory only says that the compiler was given none to keep.</remarks>
internal sealed partial record PtxLocalMemory(int Bytes, int Loads, int Stores)
{
    /// <summary>Counts the <c>.local</c> declarations (element size × count) and the local loads and stores of <paramref name="ptx"/>.</summary>
    public static PtxLocalMemory Of(string ptx)
    {
        int bytes = 0;
        foreach (Match declaration in Declaration().Matches(ptx))
        {
            int size = int.Parse(declaration.Groups["bits"].Value, System.Globalization.CultureInfo.InvariantCulture) / 8;
            int count = declaration.Groups["count"].Success
                ? int.Parse(declaration.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)
                : 1;
            bytes += size * count;
        }
        return new PtxLocalMemory(bytes, LocalLoad().Matches(ptx).Count, LocalStore().Matches(ptx).Count);
    }

    /// <summary>As <see cref="Of"/>, for the kernel's entry function alone (ILGPU writes it last, after the device
    /// functions it calls without inlining, such as ILGPU.Algorithms' software double exp and log).</summary>
    public static PtxLocalMemory OfEntry(string ptx)
    {
        int entry = ptx.IndexOf(".entry", StringComparison.Ordinal);
        return Of(entry < 0 ? ptx : ptx[entry..]);
    }

    /// <summary>No local memory at all.</summary>
    public bool IsNone => Bytes == 0 && Loads == 0 && Stores == 0;

    public override string ToString() => $"{Bytes} B .local, {Loads} ld.local, {Stores} st.local";

    // ".local .align 4 .b8 name[24];", ".local .f32 name;" (a state space, an optional alignment, a type, a name, an optional count).
    [GeneratedRegex(@"^\s*\.local\s+(?:\.align\s+\d+\s+)?\.[bfsu](?<bits>\d+)\s+[^\s\[;]+(?:\[(?<count>\d+)\])?\s*;", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\bld\.local\b")]
    private static partial Regex LocalLoad();

    [GeneratedRegex(@"\bst\.local\b")]
    private static partial Regex LocalStore();
}
