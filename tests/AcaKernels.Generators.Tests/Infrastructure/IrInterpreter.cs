extern alias Generators;

using System.Numerics;
using Generators::AcaKernels.Generators.Functions;
using Generators::AcaKernels.Generators.Ir;
using Generators::AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// Runs IR directly, written from the IR's documented meaning and independent of the printers: f over complex
/// numbers (complex-step reference derivatives) and the VJP IR of <see cref="ReverseMode"/> over doubles.
/// Comparisons read real parts. Only double-typed programs are run (conversions are the identity here).
/// </summary>
internal sealed class IrInterpreter<T> where T : INumberBase<T>
{
    private readonly IrFunction _function;
    private readonly Func<MathFunction, T[], T> _call;
    private readonly Func<T, double> _real;
    private readonly T[] _scalars;
    private readonly T[][] _arrays;
    private readonly int[] _loops;
    private T _t = T.Zero;
    private T[] _z = [], _p = [], _dz = [], _gradZ = [], _gradP = [], _tape = [];
    private bool[] _flags = [];

    private IrInterpreter(IrFunction function, Func<MathFunction, T[], T> call, Func<T, double> real)
    {
        _function = function;
        _call = call;
        _real = real;
        _scalars = new T[function.Scalars.Count];
        Array.Fill(_scalars, T.Zero);
        _arrays = function.Arrays.Select(a => Enumerable.Repeat(T.Zero, a.Length).ToArray()).ToArray();
        _loops = new int[function.Loops.Count];
    }

    /// <summary>f(t, z, p).</summary>
    public static T[] Evaluate(IrFunction f, T t, T[] z, T[] p, Func<MathFunction, T[], T> call, Func<T, double> real)
    {
        var run = new IrInterpreter<T>(f, call, real) { _t = t, _z = z, _p = p, _dz = Enumerable.Repeat(T.Zero, f.StateSize).ToArray() };
        run.Execute(f.Body);
        return run._dz;
    }

    /// <summary>Runs the VJP IR: returns (vᵀ∂f/∂z, vᵀ∂f/∂p, vᵀ∂f/∂t), gradients accumulated from zero.</summary>
    public static (T[] GradZ, T[] GradP, T GradT) Vjp(VjpFunction vjp, T t, T[] z, T[] p, T[] v, Func<MathFunction, T[], T> call, Func<T, double> real)
    {
        IrFunction f = vjp.Function;
        var run = new IrInterpreter<T>(f, call, real)
        {
            _t = t, _z = z, _p = p,
            _gradZ = Enumerable.Repeat(T.Zero, f.StateSize).ToArray(),
            _gradP = Enumerable.Repeat(T.Zero, f.ParameterSize).ToArray(),
            _tape = Enumerable.Repeat(T.Zero, checked((int)vjp.TapeLength)).ToArray(),
            _flags = new bool[vjp.BranchLength],
        };
        v.AsSpan(0, f.StateSize).CopyTo(run._arrays[vjp.OutputAdjoint]);
        run.Execute(f.Body);
        return (run._gradZ, run._gradP, run._scalars[vjp.TimeAdjoint]);
    }

    private void Execute(Block block)
    {
        foreach (Stmt statement in block.Statements) Execute(statement);
    }

    private void Execute(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assign:
                ref T target = ref Target(assign.Target);
                if (assign.Op == AssignOp.MultiplyAdd)
                {
                    // target = fma(a, b, target), rounded once: the math table's FusedMultiplyAdd.
                    var product = (BinaryExpr)assign.Value;
                    target = _call(MathFunction.FusedMultiplyAdd, [Value(product.Left), Value(product.Right), target]);
                    break;
                }
                T value = Value(assign.Value);
                target = assign.Op switch { AssignOp.Set => value, AssignOp.Add => target + value, _ => target - value };
                break;
            case ForStmt loop:
                for (int k = 0; k < loop.Trips; k++)
                {
                    _loops[loop.LoopVariable] = loop.Start + k * loop.Step;
                    Execute(loop.Body);
                }
                break;
            case IfStmt branch:
                Execute(Holds(branch.Condition) ? branch.Then : branch.Else);
                break;
            case SaveFlagStmt save:
                _flags[Slot(save.Slot)] = Holds(save.Condition);
                break;
            case GroupStmt group:
                Execute(group.Body);
                break;
            default:
                throw new InvalidOperationException(statement.GetType().Name);
        }
    }

    private int Index(Affine a) => a.Constant + a.Terms.Sum(term => term.Coefficient * _loops[term.LoopVariable]);

    /// <summary>Base + linear iteration index of the enclosing loops, the innermost varying fastest.</summary>
    private int Slot(TapeSlot slot)
    {
        long index = slot.Base, stride = 1;
        for (int k = slot.Loops.Count - 1; k >= 0; k--)
        {
            SlotLoop loop = slot.Loops[k];
            int iteration = (_loops[loop.LoopVariable] - loop.Start) / loop.Step;
            Assert.InRange(iteration, 0, loop.Trips - 1);
            index += stride * iteration;
            stride *= loop.Trips;
        }
        return checked((int)index);
    }

    private ref T Target(Target target)
    {
        switch (target)
        {
            case LocalTarget l: return ref _scalars[l.Variable];
            case ArrayTarget a: return ref _arrays[a.Array][Index(a.Index)];
            case OutputTarget o: return ref _dz[Index(o.Index)];
            case TapeTarget t: return ref _tape[Slot(t.Slot)];
            case GradientTarget g: return ref (g.Input == InputKind.State ? _gradZ : _gradP)[Index(g.Index)];
            default: throw new InvalidOperationException(target.GetType().Name);
        }
    }

    private T Value(Expr e) => e switch
    {
        ConstExpr c => T.CreateChecked(c.Value),
        TimeExpr => _t,
        InputExpr i => (i.Input == InputKind.State ? _z : _p)[Index(i.Index)],
        LocalExpr l => _scalars[l.Variable],
        ArrayExpr a => _arrays[a.Array][Index(a.Index)],
        TapeExpr tape => _tape[Slot(tape.Slot)],
        IntToRealExpr r => T.CreateChecked(Index(r.Value)),
        NegateExpr n => -Value(n.Operand),
        ConvertExpr c => Value(c.Operand),
        BinaryExpr b => Binary(b.Op, Value(b.Left), Value(b.Right)),
        CallExpr call => _call(call.Function, call.Arguments.Select(Value).ToArray()),
        SelectExpr s => Holds(s.Condition) ? Value(s.WhenTrue) : Value(s.WhenFalse),
        _ => throw new InvalidOperationException(e.GetType().Name),
    };

    private static T Binary(BinaryOp op, T left, T right) => op switch
    {
        BinaryOp.Add => left + right,
        BinaryOp.Subtract => left - right,
        BinaryOp.Multiply => left * right,
        _ => left / right,
    };

    private bool Holds(Cond c) => c switch
    {
        CompareCond k => Compare(k.Op, _real(Value(k.Left)), _real(Value(k.Right))),
        IntCompareCond k => Compare(k.Op, Index(k.Left), Index(k.Right)),
        LogicalCond l => l.IsAnd ? Holds(l.Left) && Holds(l.Right) : Holds(l.Left) || Holds(l.Right),
        NotCond n => !Holds(n.Operand),
        BoolConstCond b => b.Value,
        FlagCond f => _flags[Slot(f.Slot)],
        _ => throw new InvalidOperationException(c.GetType().Name),
    };

    private static bool Compare(CompareOp op, double a, double b) => op switch
    {
        CompareOp.Less => a < b,
        CompareOp.LessOrEqual => a <= b,
        CompareOp.Greater => a > b,
        CompareOp.GreaterOrEqual => a >= b,
        CompareOp.Equal => a == b,
        _ => a != b,
    };
}

/// <summary>The math functions the interpreted test programs and their derivative rules use.</summary>
internal static class IrMath
{
    public static double Real(double x) => x;

    public static double Real(Complex x) => x.Real;

    public static double Call(MathFunction function, double[] a) => function switch
    {
        MathFunction.Sin => Math.Sin(a[0]),
        MathFunction.Cos => Math.Cos(a[0]),
        MathFunction.Exp => Math.Exp(a[0]),
        MathFunction.Tanh => Math.Tanh(a[0]),
        // Tanh's derivative rule (sech² from x and tanh x), computed here independently of the runtime's form.
        MathFunction.TanhDerivative => 1 / (Math.Cosh(a[0]) * Math.Cosh(a[0])),
        MathFunction.Cosh => Math.Cosh(a[0]),
        MathFunction.Abs => Math.Abs(a[0]),
        MathFunction.FusedMultiplyAdd => Math.FusedMultiplyAdd(a[0], a[1], a[2]),
        _ => throw new NotSupportedException(function.ToString()),
    };

    public static Complex Call(MathFunction function, Complex[] a) => function switch
    {
        MathFunction.Sin => Complex.Sin(a[0]),
        MathFunction.Cos => Complex.Cos(a[0]),
        MathFunction.Exp => Complex.Exp(a[0]),
        MathFunction.Tanh => Complex.Tanh(a[0]),
        MathFunction.TanhDerivative => 1 / (Complex.Cosh(a[0]) * Complex.Cosh(a[0])),
        MathFunction.Abs => a[0].Real < 0 ? -a[0] : a[0], // the branch taken, as the derivative rule does
        MathFunction.FusedMultiplyAdd => a[0] * a[1] + a[2],
        _ => throw new NotSupportedException(function.ToString()),
    };
}
