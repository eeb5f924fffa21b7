using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Ir;

/// <summary>An IR statement.</summary>
internal abstract record Stmt;

/// <summary>How an assignment combines with the target's old value.</summary>
internal enum AssignOp
{
    /// <summary>=</summary>
    Set,
    /// <summary>+=</summary>
    Add,
    /// <summary>-=</summary>
    Subtract,
    /// <summary>Target = fma(a, b, Target), a·b + Target rounded once, where Value is the product a * b: how the
    /// reverse sweep accumulates an adjoint term g·x (the spec: <c>ButcherTableau</c>, "Arithmetic of the weighted
    /// sums"). Every printer writes it with its target's fused multiply-add.</summary>
    MultiplyAdd,
}

/// <summary>Where an assignment writes.</summary>
internal abstract record Target;

/// <summary>A scalar local.</summary>
internal sealed record LocalTarget(int Variable) : Target;

/// <summary>An element of a local array.</summary>
internal sealed record ArrayTarget(int Array, Affine Index) : Target;

/// <summary>An element of the output dz.</summary>
internal sealed record OutputTarget(Affine Index) : Target;

/// <summary>Target op= Value.</summary>
internal sealed record AssignStmt(Target Target, AssignOp Op, Expr Value) : Stmt;

/// <summary>for (v = Start; Trips iterations; v += Step) Body.</summary>
internal sealed record ForStmt(int LoopVariable, int Start, int Step, int Trips, Block Body) : Stmt
{
    /// <summary>The counter's value in the last iteration.</summary>
    public int Last => Start + (Trips - 1) * Step;
}

/// <summary>if (Condition) Then else Else.</summary>
internal sealed record IfStmt(Cond Condition, Block Then, Block Else) : Stmt;

/// <summary>A statement list.</summary>
internal sealed record Block(EquatableArray<Stmt> Statements)
{
    public static Block Empty { get; } = new(EquatableArray<Stmt>.Empty);
}
