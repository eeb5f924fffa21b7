using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Ir;

/// <summary>A real-valued IR expression of type <paramref name="Type"/>. Nodes are immutable records.</summary>
internal abstract record Expr(ScalarType Type);

/// <summary>A literal; <paramref name="Value"/> is exact in <see cref="Expr.Type"/>.</summary>
internal sealed record ConstExpr(ScalarType Type, double Value) : Expr(Type);

/// <summary>The time argument t.</summary>
internal sealed record TimeExpr(ScalarType Type) : Expr(Type);

/// <summary>The inputs a dynamics method reads.</summary>
internal enum InputKind
{
    /// <summary>The state z.</summary>
    State,
    /// <summary>The parameters p.</summary>
    Parameters,
}

/// <summary>z[index] or p[index].</summary>
internal sealed record InputExpr(ScalarType Type, InputKind Input, Affine Index) : Expr(Type);

/// <summary>A scalar local (see <see cref="IrFunction.Scalars"/>).</summary>
internal sealed record LocalExpr(ScalarType Type, int Variable) : Expr(Type);

/// <summary>An element of a stack-allocated local array (see <see cref="IrFunction.Arrays"/>).</summary>
internal sealed record ArrayExpr(ScalarType Type, int Array, Affine Index) : Expr(Type);

/// <summary>Negation.</summary>
internal sealed record NegateExpr(ScalarType Type, Expr Operand) : Expr(Type);

/// <summary>Arithmetic operators.</summary>
internal enum BinaryOp
{
    /// <summary>+</summary>
    Add,
    /// <summary>-</summary>
    Subtract,
    /// <summary>*</summary>
    Multiply,
    /// <summary>/</summary>
    Divide,
}

/// <summary>Left op Right, both of <see cref="Expr.Type"/>.</summary>
internal sealed record BinaryExpr(ScalarType Type, BinaryOp Op, Expr Left, Expr Right) : Expr(Type);

/// <summary>A known math function (see <see cref="Functions.KnownMathFunctions"/>).</summary>
internal sealed record CallExpr(ScalarType Type, Functions.MathFunction Function, EquatableArray<Expr> Arguments) : Expr(Type);

/// <summary>A float↔double conversion.</summary>
internal sealed record ConvertExpr(ScalarType Type, Expr Operand) : Expr(Type);

/// <summary>An integer (loop counter expression) used as a real number; a constant for differentiation.</summary>
internal sealed record IntToRealExpr(ScalarType Type, Affine Value) : Expr(Type);

/// <summary>Condition ? WhenTrue : WhenFalse.</summary>
internal sealed record SelectExpr(ScalarType Type, Cond Condition, Expr WhenTrue, Expr WhenFalse) : Expr(Type);

/// <summary>A placeholder in derivative rules: argument <paramref name="Index"/>, or the call's result when -1.</summary>
internal sealed record PlaceholderExpr(ScalarType Type, int Index) : Expr(Type);
