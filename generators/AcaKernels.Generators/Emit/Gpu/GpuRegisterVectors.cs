using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// Writes a register vector of the GPU form (<c>AcaKernels.Gpu.IGpuRegisterVector</c>): a struct with one field per
/// component and every operation unrolled over the fields, so a kernel over it indexes no per-thread array. The state
/// struct of both register forms (the straight-line one's and the loop form's) and the straight-line form's θ.
/// </summary>
internal static class GpuRegisterVectors
{
    /// <summary>The struct <paramref name="name"/> with <paramref name="length"/> fields of <paramref name="type"/>; with
    /// <paramref name="parameters"/> also θ's form for the adaptive register kernels (<c>IGpuParameters</c>: contiguous
    /// load, clear, copy, each unrolled over the fields).</summary>
    public static void Emit(CodeWriter code, ScalarType type, string name, int length, string what, bool parameters = false)
    {
        string t = Literals.TypeName(type);
        string view = $"global::ILGPU.ArrayView<{t}>";
        IEnumerable<int> all = Enumerable.Range(0, length);
        code.Line($"/// <summary>{Capitalised(what)} in {length} fields, for kernels that keep it in registers (see");
        code.Line("/// <see cref=\"global::AcaKernels.Gpu.IGpuRegisterVector{T, TSelf}\"/>); every operation unrolled over the fields.</summary>");
        code.Open($"public struct {name} : global::AcaKernels.Gpu.IGpuRegisterVector<{t}, {name}>" +
            (parameters ? $", global::AcaKernels.Gpu.IGpuParameters<{t}, {name}>" : ""));
        if (length != 0)
        {
            code.Line("/// <summary>Component j in field Vj.</summary>");
            code.Line($"public {t} " + string.Join(", ", all.Select(j => "V" + j)) + ";");
            code.Line();
        }
        code.Line("/// <inheritdoc/>");
        Body(code, $"public static {name} Load({view} source, long offset, long stride)", name,
            all.Select(j => $"r.V{j} = source[{Offset(j)}];"));
        code.Line("/// <inheritdoc/>");
        code.Open($"public static void Store({name} value, {view} target, long offset, long stride)");
        foreach (int j in all) code.Line($"target[{Offset(j)}] = value.V{j};");
        code.Close();
        code.Line();
        code.Line("/// <inheritdoc/>");
        Body(code, $"public static {name} Add({name} a, {name} b)", name, all.Select(j => $"r.V{j} = a.V{j} + b.V{j};"));
        code.Line("/// <inheritdoc/>");
        Body(code, $"public static {name} Scale({t} a, {name} x)", name, all.Select(j => $"r.V{j} = a * x.V{j};"));
        code.Line("/// <inheritdoc/>");
        Body(code, $"public static {name} MultiplyAdd({t} a, {name} x, {name} y)", name,
            all.Select(j => $"r.V{j} = {KernelTarget.GpuFma}(a, x.V{j}, y.V{j});"));
        code.Line("/// <inheritdoc/>");
        // The last component is the default arm: no throw (ILGPU rejects it), and j is in range by the contract.
        code.Line($"public static {t} Get({name} x, int j) => " + (length == 0 ? Literals.Of(type, 0) + ";"
            : "j switch { " + string.Join(" ", Enumerable.Range(0, length - 1).Select(j => $"{j} => x.V{j},")) + $" _ => x.V{length - 1} }};"));
        code.Line();
        code.Line("/// <inheritdoc/>");
        string max = t + ".MaxValue";
        code.Line($"public static bool IsFinite({name} x) => " +
            (length == 0 ? "true;" : string.Join(" & ", all.Select(j => $"(global::System.Math.Abs(x.V{j}) <= {max})")) + ";"));
        if (parameters)
        {
            // The register kernels' θ and ∂L/∂θ moves, in the fields' unrolled loads and stores (constant indices).
            code.Line();
            code.Line("/// <inheritdoc/>");
            code.Line($"public static {name} Load({view} source, long offset) => Load(source, offset, 1);");
            code.Line();
            code.Line("/// <inheritdoc/>");
            code.Line($"public static void Clear({view} target, int length) => Store(default, target, 0, 1);");
            code.Line();
            code.Line("/// <inheritdoc/>");
            code.Line($"public static void Copy({view} source, {view} target, long offset, int length) => Store(Load(source, 0, 1), target, offset, 1);");
        }
        code.Close();
    }

    // The stride multiple in long: offset + j·stride overflows int for n·B beyond 2³¹.
    private static string Offset(int j) => j switch { 0 => "offset", 1 => "offset + stride", _ => $"offset + {j}L * stride" };

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    private static void Body(CodeWriter code, string header, string type, IEnumerable<string> assignments)
    {
        code.Open(header);
        code.Line($"{type} r = default;");
        foreach (string line in assignments) code.Line(line);
        code.Line("return r;");
        code.Close();
        code.Line();
    }
}
