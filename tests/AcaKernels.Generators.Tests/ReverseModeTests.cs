extern alias Generators;

using System.Numerics;
using AcaKernels.Generators.Tests.Infrastructure;
using Generators::AcaKernels.Generators.Functions;
using Generators::AcaKernels.Generators.Ir;
using Generators::AcaKernels.Generators.Model;
using Generators::AcaKernels.Generators.Passes;
using Generators::AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The reverse-mode pass on its own: the VJP IR it produces, run by an IR interpreter, against complex-step
/// derivatives of f run by the same interpreter; the straight-line (unrolled) VJP against the loop form; and
/// the shape the printers rely on (no writes to dz in the sweeps, temporaries assigned once, the tape's type).
/// </summary>
public sealed class ReverseModeTests
{
    private const ScalarType D = ScalarType.Double;

    private static Expr C(double value, ScalarType type = D) => new ConstExpr(type, value);

    private static Expr Z(Affine index) => new InputExpr(D, InputKind.State, index);

    private static Expr P(int index) => new InputExpr(D, InputKind.Parameters, Affine.Of(index));

    private static Expr Local(int id, ScalarType type = D) => new LocalExpr(type, id);

    private static Expr A(Affine index) => new ArrayExpr(D, 0, index);

    private static Expr Bin(BinaryOp op, Expr left, Expr right) => new BinaryExpr(left.Type, op, left, right);

    private static Expr Call(MathFunction function, params Expr[] arguments) => new CallExpr(arguments[0].Type, function, arguments.ToEquatableArray());

    private static AssignStmt Set(int scalar, Expr value, AssignOp op = AssignOp.Set) => new(new LocalTarget(scalar), op, value);

    private static AssignStmt Out(Affine index, Expr value, AssignOp op = AssignOp.Set) => new(new OutputTarget(index), op, value);

    private static Block Body(params Stmt[] statements) => new(statements.ToEquatableArray());

    private static Affine I => Affine.Variable(0);

    private static Affine J => Affine.Variable(1);

    /// <summary>
    /// n = 3, m = 4: loops forwards, backwards and by 2, an array, overwritten scalars (taped), a branch on a
    /// real condition (a saved flag), a ?:, a division, calls, compound assignments into locals and dz, t, and a
    /// dead value that overflows (its adjoint must not turn 0·∞ into NaN).
    /// </summary>
    private static IrFunction LoopProgram()
    {
        const int s = 0, x = 1, dead = 2;
        Block body = Body(
            Set(x, Bin(BinaryOp.Multiply, P(0), Z(Affine.Of(0)))),
            Set(dead, Call(MathFunction.Exp, Bin(BinaryOp.Multiply, C(1000), Z(Affine.Of(0))))),
            new ForStmt(0, 0, 1, 3, Body(
                new AssignStmt(new ArrayTarget(0, I), AssignOp.Set,
                    Bin(BinaryOp.Add, Bin(BinaryOp.Multiply, Call(MathFunction.Sin, Z(I)), P(1)), Local(x))))),
            Set(s, C(0)),
            new ForStmt(1, 2, -1, 3, Body(
                Set(s, Bin(BinaryOp.Add, Bin(BinaryOp.Multiply, Local(s), A(J)), new TimeExpr(D))),
                new IfStmt(new CompareCond(CompareOp.Greater, Local(s), P(2)),
                    Body(Set(s, Bin(BinaryOp.Divide, Local(s), Bin(BinaryOp.Add, Z(J), C(2))))),
                    Body(Set(s, Call(MathFunction.Exp, Bin(BinaryOp.Multiply, A(J), C(0.1))), AssignOp.Subtract))))),
            Set(x, Bin(BinaryOp.Multiply, Local(x), Local(x))),
            Out(Affine.Of(0), Bin(BinaryOp.Add, Local(s), Local(x))),
            Out(Affine.Of(1), new SelectExpr(D, new CompareCond(CompareOp.Greater, Z(Affine.Of(1)), Z(Affine.Of(2))),
                Bin(BinaryOp.Multiply, A(Affine.Of(0)), Z(Affine.Of(1))), Call(MathFunction.Tanh, A(Affine.Of(2))))),
            Out(Affine.Of(2), C(0)),
            Out(Affine.Of(2), Bin(BinaryOp.Multiply, Call(MathFunction.Abs, Bin(BinaryOp.Subtract, Z(Affine.Of(2)), P(3))), Local(s)), AssignOp.Add),
            new ForStmt(0, 0, 2, 2, Body(
                Out(Affine.Of(1), Bin(BinaryOp.Multiply, A(I), new IntToRealExpr(D, I)), AssignOp.Add))));
        return new IrFunction(D, 3, 4, body,
            EquatableArray.Create(new ScalarVariable(s, "s", D), new ScalarVariable(x, "x", D), new ScalarVariable(dead, "dead", D)),
            EquatableArray.Create(new ArrayVariable(0, "a", D, 3)),
            EquatableArray.Create(new LoopVariable(0, "i"), new LoopVariable(1, "j")));
    }

    private static (double T, double[] Z, double[] P, double[] V) Point(Random random) =>
        (random.NextDouble(), Enumerable.Range(0, 3).Select(_ => 2 * random.NextDouble() - 1).ToArray(),
         Enumerable.Range(0, 4).Select(_ => 2 * random.NextDouble() - 1).ToArray(),
         Enumerable.Range(0, 3).Select(_ => 2 * random.NextDouble() - 1).ToArray());

    private static double[] Evaluate(IrFunction f, Complex t, Complex[] z, Complex[] p) =>
        IrInterpreter<Complex>.Evaluate(f, t, z, p, IrMath.Call, IrMath.Real).Select(c => c.Imaginary).ToArray();

    [Fact]
    public void Vjp_MatchesComplexStepDerivatives()
    {
        IrFunction f = LoopProgram();
        VjpFunction vjp = ReverseMode.Differentiate(f);
        var random = new Random(20260801);
        // Complex step: Im f(x + i·h·e_k)/h is ∂f/∂x_k to rounding (no cancellation) for h this small.
        const double h = 1e-30;
        for (int trial = 0; trial < 50; trial++)
        {
            (double t, double[] z, double[] p, double[] v) = Point(random);
            (double[] gradZ, double[] gradP, double gradT) = IrInterpreter<double>.Vjp(vjp, t, z, p, v, IrMath.Call, IrMath.Real);
            Complex[] zc = z.Select(x => (Complex)x).ToArray(), pc = p.Select(x => (Complex)x).ToArray();
            double VDot(double[] column) => column.Zip(v, (a, b) => a * b).Sum();
            for (int k = 0; k < 3; k++)
            {
                Complex[] shifted = (Complex[])zc.Clone();
                shifted[k] += new Complex(0, h);
                Check(VDot(Evaluate(f, t, shifted, pc).Select(d => d / h).ToArray()), gradZ[k], $"gradZ[{k}], trial {trial}");
            }
            for (int k = 0; k < 4; k++)
            {
                Complex[] shifted = (Complex[])pc.Clone();
                shifted[k] += new Complex(0, h);
                Check(VDot(Evaluate(f, t, zc, shifted).Select(d => d / h).ToArray()), gradP[k], $"gradP[{k}], trial {trial}");
            }
            Check(VDot(Evaluate(f, new Complex(t, h), zc, pc).Select(d => d / h).ToArray()), gradT, $"tBar, trial {trial}");
        }
    }

    /// <summary>
    /// n = 2, m = 11: three hidden units, each iteration standing alone (a = p[k] + p[3+k]·z₀ + Σⱼ p[6+k]·zⱼ … , h = tanh(a),
    /// dz[i] += p[9+i]·h): the loop <see cref="RecomputedLoops"/> lets the GPU form recompute instead of tape.
    /// </summary>
    private static IrFunction UnitLoopProgram()
    {
        const int a = 0, h = 1;
        Affine k = I;
        Expr Pk(int offset) => new InputExpr(D, InputKind.Parameters, k.Add(Affine.Of(offset)));
        Block body = Body(
            Out(Affine.Of(0), P(9)),
            Out(Affine.Of(1), P(10)),
            new ForStmt(0, 0, 1, 3, Body(
                Set(a, Pk(0)),
                new ForStmt(1, 0, 1, 2, Body(
                    Set(a, Bin(BinaryOp.Multiply, Pk(3), Z(J)), AssignOp.Add))),
                Set(h, Call(MathFunction.Tanh, Local(a))),
                Out(Affine.Of(0), Bin(BinaryOp.Multiply, Pk(6), Local(h)), AssignOp.Add),
                Out(Affine.Of(1), Bin(BinaryOp.Multiply, Local(h), Local(h)), AssignOp.Add))));
        return new IrFunction(D, 2, 11, body,
            EquatableArray.Create(new ScalarVariable(a, "a", D), new ScalarVariable(h, "h", D)),
            EquatableArray<ArrayVariable>.Empty,
            EquatableArray.Create(new LoopVariable(0, "k"), new LoopVariable(1, "j")));
    }

    [Fact]
    public void RecomputedLoop_KeepsNoTape_AndGivesTheTapedVjpsBits()
    {
        IrFunction f = UnitLoopProgram();
        Assert.Single(RecomputedLoops.Find(f));
        VjpFunction taped = ReverseMode.Differentiate(f), recomputed = ReverseMode.Differentiate(f, recomputeLoops: true);
        Assert.True(taped.TapeLength > 0);
        Assert.Equal(0, recomputed.TapeLength);
        Assert.Equal(0, recomputed.ForwardLength);
        var random = new Random(20261204);
        for (int trial = 0; trial < 50; trial++)
        {
            double[] z = [.. Enumerable.Range(0, 2).Select(_ => 2 * random.NextDouble() - 1)];
            double[] p = [.. Enumerable.Range(0, 11).Select(_ => 2 * random.NextDouble() - 1)];
            double[] v = [.. Enumerable.Range(0, 2).Select(_ => 2 * random.NextDouble() - 1)];
            var expected = IrInterpreter<double>.Vjp(taped, 0.5, z, p, v, IrMath.Call, IrMath.Real);
            var actual = IrInterpreter<double>.Vjp(recomputed, 0.5, z, p, v, IrMath.Call, IrMath.Real);
            Assert.Equal(expected.GradZ.Select(BitConverter.DoubleToInt64Bits), actual.GradZ.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(expected.GradP.Select(BitConverter.DoubleToInt64Bits), actual.GradP.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    /// <summary>Not recomputed: a loop that carries a value from one iteration to the next (s is read before it is
    /// assigned in the iteration), and a loop whose locals the code after it reads.</summary>
    [Fact]
    public void LoopsThatDoNotStandAlone_AreNotRecomputed()
    {
        const int s = 0, x = 1;
        Block carried = Body(
            new ForStmt(0, 0, 1, 3, Body(
                Set(x, Call(MathFunction.Tanh, Bin(BinaryOp.Multiply, Local(s), Z(I)))),
                Set(s, Bin(BinaryOp.Multiply, Local(x), P(0))))),
            Out(Affine.Of(0), Local(s)));
        Block readAfter = Body(
            new ForStmt(0, 0, 1, 3, Body(
                Set(x, Call(MathFunction.Tanh, Z(I))),
                Out(Affine.Of(0), Bin(BinaryOp.Multiply, Local(x), Local(x)), AssignOp.Add))),
            Out(Affine.Of(1), Bin(BinaryOp.Multiply, Local(x), P(0))));
        foreach (Block body in new[] { carried, readAfter })
        {
            var f = new IrFunction(D, 3, 4, body,
                EquatableArray.Create(new ScalarVariable(s, "s", D), new ScalarVariable(x, "x", D)),
                EquatableArray<ArrayVariable>.Empty, EquatableArray.Create(new LoopVariable(0, "i")));
            Assert.Empty(RecomputedLoops.Find(f));
        }
    }

    /// <summary>Both sides are exact derivatives evaluated in double with different operation orders, on values
    /// of order 1 through a dozen operations: agreement to 1e-12 relative is rounding, anything else a bug.</summary>
    private static void Check(double expected, double actual, string what)
    {
        Assert.True(double.IsFinite(actual), $"{what} is {actual}");
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * (1 + Math.Abs(expected)), $"{what}: {actual} vs complex step {expected}");
    }

    [Fact]
    public void StraightLineVjp_IsBitIdenticalToLoopForm()
    {
        IrFunction f = LoopProgram();
        (Block Body, int Size)? unrolled = Unroller.Unroll(f, 10_000);
        Assert.NotNull(unrolled);
        VjpFunction loops = ReverseMode.Differentiate(f), straight = ReverseMode.Differentiate(f with { Body = unrolled.Value.Body });
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            (double t, double[] z, double[] p, double[] v) = Point(random);
            var a = IrInterpreter<double>.Vjp(loops, t, z, p, v, IrMath.Call, IrMath.Real);
            var b = IrInterpreter<double>.Vjp(straight, t, z, p, v, IrMath.Call, IrMath.Real);
            Assert.Equal(a.GradZ.Select(BitConverter.DoubleToInt64Bits), b.GradZ.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(a.GradP.Select(BitConverter.DoubleToInt64Bits), b.GradP.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.GradT), BitConverter.DoubleToInt64Bits(b.GradT));
        }
    }

    [Fact]
    public void Sweeps_NeverWriteDz_AndTemporariesAreAssignedOnce()
    {
        VjpFunction vjp = ReverseMode.Differentiate(LoopProgram());
        var targets = new Targets();
        targets.Visit(vjp.Function.Body);
        Assert.DoesNotContain(targets.All, t => t is OutputTarget);
        var perTemporary = targets.All.OfType<LocalTarget>().Where(l => l.Variable >= vjp.FirstTemporary).GroupBy(l => l.Variable).ToList();
        Assert.NotEmpty(perTemporary);
        Assert.All(perTemporary, g => Assert.Single(g));
        Assert.True(vjp.TapeLength > 0 && vjp.BranchLength == 3, $"tape {vjp.TapeLength}, flags {vjp.BranchLength}");
    }

    [Fact]
    public void WithoutTimeGradient_NothingAccumulatesIntoTBar()
    {
        IrFunction f = LoopProgram();
        Assert.Contains(Written(ReverseMode.Differentiate(f)), t => t is LocalTarget l && l.Variable == ReverseMode.Differentiate(f).TimeAdjoint);
        VjpFunction vjp = ReverseMode.Differentiate(f, timeGradient: false);
        Assert.DoesNotContain(Written(vjp), t => t is LocalTarget l && l.Variable == vjp.TimeAdjoint);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tape_HoldsT_UnlessAFloatSystemSavesADouble(bool doubleLocal)
    {
        const ScalarType F = ScalarType.Single;
        ScalarType local = doubleLocal ? D : F, expected = local;
        // x = z0 * z0; x = x * x (x is read by the product's rule, so its old value is saved).
        Expr z0 = Convert(new InputExpr(F, InputKind.State, Affine.Of(0)), local);
        Block body = Body(
            Set(0, new BinaryExpr(local, BinaryOp.Multiply, z0, z0)),
            Set(0, new BinaryExpr(local, BinaryOp.Multiply, Local(0, local), Local(0, local))),
            Out(Affine.Of(0), Convert(Local(0, local), F)));
        var f = new IrFunction(F, 1, 0, body, EquatableArray.Create(new ScalarVariable(0, "x", local)),
            EquatableArray<ArrayVariable>.Empty, EquatableArray<LoopVariable>.Empty);
        VjpFunction vjp = ReverseMode.Differentiate(f);
        Assert.Equal(1, vjp.TapeLength);
        Assert.Equal(expected, vjp.TapeType);
    }

    /// <summary>The printed VJP declares its tape with the pass's tape type, in both forms: a float system's
    /// saved floats go on a float tape (it was double), a saved double local keeps it double.</summary>
    [Theory]
    [InlineData("float", false, "global::System.Span<float> tape = stackalloc float[3];")]
    [InlineData("float", true, "float tp0 = 0F, tp1 = 0F, tp2 = 0F;")]
    [InlineData("double", false, "global::System.Span<double> tape = stackalloc double[3];")]
    [InlineData("double", true, "double tp0 = 0D, tp1 = 0D, tp2 = 0D;")]
    public void PrintedTape_HasThePassTapeType(string local, bool registerKernels, string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: false, registerKernels, $$"""
            public static partial class Taped
            {
                [OdeDynamics(1, 1)]
                public static void F(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
                {
                    {{local}} x = z[0];
                    for (int q = 0; q < 3; q++)
                        x = x * x * ({{local}})p[0];
                    dz[0] = (float)x;
                }
            }
            """);
        Assert.Empty(run.Errors);
        Assert.Contains(declaration, Assert.Single(run.GeneratedSources));
    }

    private static Expr Convert(Expr e, ScalarType type) => e.Type == type ? e : new ConvertExpr(type, e);

    private static List<Target> Written(VjpFunction vjp)
    {
        var targets = new Targets();
        targets.Visit(vjp.Function.Body);
        return targets.All;
    }

    private sealed class Targets : IrWalker
    {
        public List<Target> All { get; } = new();

        public override void Visit(Target target)
        {
            All.Add(target);
            base.Visit(target);
        }
    }
}
