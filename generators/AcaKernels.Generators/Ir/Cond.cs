namespace AcaKernels.Generators.Ir;

/// <summary>Comparison operators.</summary>
internal enum CompareOp
{
    /// <summary>&lt;</summary>
    Less,
    /// <summary>&lt;=</summary>
    LessOrEqual,
    /// <summary>&gt;</summary>
    Greater,
    /// <summary>&gt;=</summary>
    GreaterOrEqual,
    /// <summary>==</summary>
    Equal,
    /// <summary>!=</summary>
    NotEqual,
}

/// <summary>A boolean IR expression (branch and select conditions).</summary>
internal abstract record Cond;

/// <summary>Left op Right on real values.</summary>
internal sealed record CompareCond(CompareOp Op, Expr Left, Expr Right) : Cond;

/// <summary>Left op Right on integer (loop counter) expressions.</summary>
internal sealed record IntCompareCond(CompareOp Op, Affine Left, Affine Right) : Cond;

/// <summary>Left &amp;&amp; Right (IsAnd) or Left || Right.</summary>
internal sealed record LogicalCond(bool IsAnd, Cond Left, Cond Right) : Cond;

/// <summary>!Operand.</summary>
internal sealed record NotCond(Cond Operand) : Cond;

/// <summary>true or false.</summary>
internal sealed record BoolConstCond(bool Value) : Cond;
