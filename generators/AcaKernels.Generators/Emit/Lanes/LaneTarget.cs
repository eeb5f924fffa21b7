namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The vector shape lane kernels are printed for: the static vector class, the element type and the lane count.
/// Every vector type name, broadcast and mask constant the lane printers write comes from here, so a second width
/// (Vector256 on AVX2 machines) is one more instance, not an edit of the printers.
/// </summary>
internal sealed record LaneTarget(string VectorClass, string ElementType, int Lanes)
{
    /// <summary>8 float64 lanes: the width of the <c>TryLane*</c> hooks of <c>IOdeDynamics&lt;double&gt;</c>.</summary>
    public static LaneTarget Vector512Double { get; } = new("global::System.Runtime.Intrinsics.Vector512", "double", 8);

    /// <summary>The vector type, e.g. <c>Vector512&lt;double&gt;</c>.</summary>
    public string VectorType => $"{VectorClass}<{ElementType}>";

    public string ReadOnlySpan => $"global::System.ReadOnlySpan<{VectorType}>";

    public string Span => $"global::System.Span<{VectorType}>";

    public string Zero => VectorType + ".Zero";

    /// <summary>The mask with every lane true (all bits set), as comparisons return it.</summary>
    public string AllBitsSet => VectorType + ".AllBitsSet";

    /// <summary>The step sums and reverse accumulations with the vector class's fused multiply-add (one rounding per
    /// lane, the same bits as Math.FusedMultiplyAdd; see <see cref="FusedSums"/>).</summary>
    public FusedSums Sums => new(VectorClass + ".FusedMultiplyAdd", Zero);

    /// <summary>A scalar expression broadcast to every lane.</summary>
    public string Broadcast(string scalar) => $"{VectorClass}.Create({scalar})";

    /// <summary>A call of the vector class's static method <paramref name="name"/>.</summary>
    public string Call(string name, params string[] arguments) => $"{VectorClass}.{name}({string.Join(", ", arguments)})";

    /// <summary>Per lane: <paramref name="mask"/> ? <paramref name="whenTrue"/> : <paramref name="whenFalse"/>.</summary>
    public string Select(string mask, string whenTrue, string whenFalse) => Call("ConditionalSelect", mask, whenTrue, whenFalse);
}
