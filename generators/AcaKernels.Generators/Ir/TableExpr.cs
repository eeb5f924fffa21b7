namespace AcaKernels.Generators.Ir;

/// <summary>An element of a <c>static readonly</c> float[]/double[] field: a constant table (measured coefficients,
/// forcing data). Read-only, so its derivative is zero. <paramref name="Field"/> is the field's fully qualified
/// C# name; <paramref name="Length"/> its length when the initializer shows it (the index is then proved in
/// range), or -1 (C#'s own bounds check applies at run time).</summary>
internal sealed record TableExpr(ScalarType Type, string Field, int Length, Affine Index) : Expr(Type);
