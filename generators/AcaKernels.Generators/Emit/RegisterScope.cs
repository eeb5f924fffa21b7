using System.Collections.Generic;
using System.Text.RegularExpressions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// How the register emitters write the leaves of a straight-line (unrolled) body: the state, parameters,
/// outputs, time and, for the VJP, seed and gradients are scalar locals chosen by the caller (the kernel's
/// stage inputs, stage values, adjoint accumulators). Array elements become scalar locals too.
/// </summary>
internal sealed class RegisterScope
{
    public Func<int, string> State { get; init; } = i => "z" + i;

    public Func<int, string> Parameter { get; init; } = i => "p" + i;

    public Func<int, string> Output { get; init; } = i => "o" + i;

    public string Time { get; init; } = "t";

    /// <summary>Seed v[i] of the VJP (read once into the output adjoint).</summary>
    public Func<int, string> Seed { get; init; } = i => "v" + i;

    /// <summary>Accumulator of vᵀ∂f/∂z[i].</summary>
    public Func<int, string> GradState { get; init; } = i => "gz" + i;

    /// <summary>Accumulator of vᵀ∂f/∂p[i].</summary>
    public Func<int, string> GradParameter { get; init; } = i => "gp" + i;

    /// <summary>Whether the VJP accumulates ∂/∂t into tBar (the fused kernels drop it).</summary>
    public bool TimeGradient { get; init; } = true;
}

/// <summary>
/// Names of the user's locals in register code, renamed where they could collide with the kernels' own locals
/// (a letter stem followed by digits and underscores, e.g. z0, k3_1, g12) or parameters. Array A's element i is
/// the local A_i (array names are checked against that form too).
/// </summary>
internal sealed class UserNames
{
    private static readonly Regex KernelShape = new("^(z|p|k|y|kb|ib|ai|ao|gp|gz|o|db|tc|hb|ha|tp|br|g|r|v)[0-9_]*$", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal)
    {
        "t", "h", "z", "p", "dz", "v", "gradZ", "gradP", "stages", "zNew", "error", "error2", "adjointOut", "adjointIn",
        "scratch", "method", "hT", "tBar", "tape", "branches", "dzBar",
    };

    public string[] Scalars { get; }

    public string[] Arrays { get; }

    public UserNames(IrFunction function)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var arrayNames = new List<string>();
        Arrays = function.Arrays.Select(a => Take(a.Name, taken, arrayNames)).ToArray();
        Scalars = function.Scalars.Select(s => Take(s.Name, taken, arrayNames)).ToArray();
    }

    /// <summary>Whether <paramref name="name"/> has the form of a name derived from <paramref name="root"/>:
    /// root_3, rootBar or rootBar_3.</summary>
    private static bool Derived(string name, string root)
    {
        if (name.Length <= root.Length || !name.StartsWith(root, StringComparison.Ordinal)) return false;
        string rest = name.Substring(root.Length);
        if (rest.StartsWith("Bar", StringComparison.Ordinal)) rest = rest.Substring(3);
        return rest.Length == 0 || rest.Length >= 2 && rest[0] == '_' && rest.Skip(1).All(char.IsDigit);
    }

    private static string Take(string name, HashSet<string> taken, List<string> arrays)
    {
        string candidate = name;
        // Appending a letter always ends a clash: every derived name (element a_3, adjoint aBar, aBar_3, kernel
        // locals) ends in a digit or in "Bar".
        while (Fixed.Contains(candidate) || KernelShape.IsMatch(candidate) || taken.Contains(candidate)
            || candidate.EndsWith("Bar", StringComparison.Ordinal) || arrays.Any(a => Derived(candidate, a)))
            candidate += "u";
        taken.Add(candidate);
        arrays.Add(candidate);
        return candidate;
    }
}
