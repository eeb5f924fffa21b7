using System.Collections.Generic;
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

    /// <summary>A target's own method for a math function, or null for System.Math (see
    /// <see cref="ScalarExpressionWriter.MathCall"/>).</summary>
    public Func<Functions.MathFunction, string?>? MathCall { get; init; }
}

/// <summary>
/// Names of the user's locals in register code. The parser already keeps them clear of every generated name
/// (see <see cref="GeneratedNames"/>); here array A's element i becomes the scalar local A_i, so a scalar or
/// array named like an element or element adjoint of another array (A_3, ABar_3) is renamed too.
/// </summary>
internal sealed class UserNames
{
    public string[] Scalars { get; }

    public string[] Arrays { get; }

    /// <summary>Names chosen by a printer (the VJP's variables, see <see cref="ScalarVjpPrinter"/>).</summary>
    public UserNames(string[] scalars, string[] arrays)
    {
        Scalars = scalars;
        Arrays = arrays;
    }

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
        while (GeneratedNames.IsReserved(candidate.TrimStart('@')) || taken.Contains(candidate)
            || arrays.Any(a => Derived(candidate, a)))
            candidate += "u";
        taken.Add(candidate);
        arrays.Add(candidate);
        return candidate;
    }
}
