extern alias Generators;

using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;
using Generators::AcaKernels.Generators.Functions;
using Generators::AcaKernels.Generators.Ir;
using Generators::AcaKernels.Generators.Model;
using Generators::AcaKernels.Generators.Passes;
using Generators::AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The GPU form of a body too large for the straight-line form unrolls only its loops over the state
/// (Passes/StateLoopUnroller), so z, dz and vᵀ∂f/∂z live in locals and the loop over hidden units stays a loop: the same
/// bits as the loop form (f and the VJP run by the IR interpreter), and the generated GPU code of the unit-by-unit MLP
/// indexes no state by a loop counter. AcaKernels.Gpu.Tests' CpuAcceleratorTests compare the generated GPU kernels of
/// such a system with the CPU ones bit for bit.
/// </summary>
public sealed class StateLoopUnrollerTests
{
    private const ScalarType D = ScalarType.Double;
    private const int K = 0, J = 1, I = 2, I0 = 3;

    [Fact]
    public void UnitLoop_StateLoopsUnrolled_HiddenLoopKept_SameBits()
    {
        IrFunction f = UnitLoopProgram();
        Block body = Assert.IsType<Block>(StateLoopUnroller.Unroll(f));
        ForStmt hidden = Assert.Single(body.Statements.OfType<ForStmt>());
        Assert.Equal(K, hidden.LoopVariable);
        Assert.Empty(hidden.Body.Statements.OfType<ForStmt>()); // the loops over z and dz inside it are gone
        IrFunction unrolled = f with { Body = body };
        VjpFunction loopVjp = ReverseMode.Differentiate(f), unrolledVjp = ReverseMode.Differentiate(unrolled, recomputeLoops: true);
        var random = new Random(20261205);
        for (int trial = 0; trial < 50; trial++)
        {
            double[] z = [.. Enumerable.Range(0, 2).Select(_ => 2 * random.NextDouble() - 1)];
            double[] p = [.. Enumerable.Range(0, 17).Select(_ => 2 * random.NextDouble() - 1)];
            double[] v = [.. Enumerable.Range(0, 2).Select(_ => 2 * random.NextDouble() - 1)];
            Assert.Equal(Bits(IrInterpreter<double>.Evaluate(f, 0.5, z, p, IrMath.Call, IrMath.Real)),
                Bits(IrInterpreter<double>.Evaluate(unrolled, 0.5, z, p, IrMath.Call, IrMath.Real)));
            var expected = IrInterpreter<double>.Vjp(loopVjp, 0.5, z, p, v, IrMath.Call, IrMath.Real);
            var actual = IrInterpreter<double>.Vjp(unrolledVjp, 0.5, z, p, v, IrMath.Call, IrMath.Real);
            Assert.Equal(Bits(expected.GradZ), Bits(actual.GradZ));
            Assert.Equal(Bits(expected.GradP), Bits(actual.GradP));
        }
    }

    [Fact]
    public void NothingToUnroll_OrStateTooLarge_KeepsTheLoopForm()
    {
        // No loop over the state: dz[0] = Σ_k p[k] (nothing would move to locals).
        Block sum = new(EquatableArray.Create<Stmt>(
            new ForStmt(K, 0, 1, 4, new Block(EquatableArray.Create<Stmt>(
                new AssignStmt(new OutputTarget(Affine.Of(0)), AssignOp.Add, new InputExpr(D, InputKind.Parameters, Affine.Variable(K))))))));
        Assert.Null(StateLoopUnroller.Unroll(Function(1, 4, sum)));
        // dz[i] = −z[i] over 20 components: more locals than the register budget.
        Block decay = new(EquatableArray.Create<Stmt>(
            new ForStmt(I, 0, 1, 20, new Block(EquatableArray.Create<Stmt>(
                new AssignStmt(new OutputTarget(Affine.Variable(I)), AssignOp.Set,
                    new NegateExpr(D, new InputExpr(D, InputKind.State, Affine.Variable(I)))))))));
        Assert.Null(StateLoopUnroller.Unroll(Function(20, 0, decay)));
    }

    [Fact]
    public void UnitTanhMlp_GpuForm_KeepsStateInLocals()
    {
        GeneratorRun run = GeneratorHarness.Run([SampleCase.Get("UnitTanhMlp").Source(), .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string gpu = Assert.Single(run.GeneratedSources, s => s.Contains("UnitMlpOde", StringComparison.Ordinal)
            && s.Contains("public static class Gpu", StringComparison.Ordinal));
        string evaluate = GeneratedMethod.Text(gpu, "private static void Evaluate("), vjp = GeneratedMethod.Text(gpu, "private static double StateVectorJacobianProduct(");
        Assert.Contains("double z0 = z[0], z1 = z[1], z2 = z[2], z3 = z[3];", evaluate, StringComparison.Ordinal);
        Assert.Contains("for (int k = 0; k < 16; k++)", evaluate, StringComparison.Ordinal);
        Assert.DoesNotContain("z[j]", evaluate, StringComparison.Ordinal);
        Assert.DoesNotContain("dz[i", evaluate, StringComparison.Ordinal);
        Assert.Contains("double gz0 = gradZ[0]", vjp, StringComparison.Ordinal);
        Assert.Contains("double db0 = v[0]", vjp, StringComparison.Ordinal);
        Assert.DoesNotContain("LocalMemory", vjp, StringComparison.Ordinal);
    }

    /// <summary>dz[i] = p[15 + i] + Σ_k p[9 + 3i + k]·tanh(p[k] + Σ_j p[3 + 2k + j]·z[j]) over three hidden units, the
    /// state loops (j over z, i over dz, counting down) inside the unit loop, as a unit-by-unit MLP is written.</summary>
    private static IrFunction UnitLoopProgram()
    {
        const int a = 0, h = 1;
        Expr P(Affine index) => new InputExpr(D, InputKind.Parameters, index);
        Affine k = Affine.Variable(K), j = Affine.Variable(J), i = Affine.Variable(I), i0 = Affine.Variable(I0);
        Block body = new(EquatableArray.Create<Stmt>(
            new ForStmt(I0, 0, 1, 2, Block(new AssignStmt(new OutputTarget(i0), AssignOp.Set, P(i0.Add(Affine.Of(15)))))),
            new ForStmt(K, 0, 1, 3, Block(
                new AssignStmt(new LocalTarget(a), AssignOp.Set, P(k)),
                new ForStmt(J, 0, 1, 2, Block(new AssignStmt(new LocalTarget(a), AssignOp.Add,
                    new BinaryExpr(D, BinaryOp.Multiply, P(k.Scale(2).Add(j).Add(Affine.Of(3))), new InputExpr(D, InputKind.State, j))))),
                new AssignStmt(new LocalTarget(h), AssignOp.Set, new CallExpr(D, MathFunction.Tanh, EquatableArray.Create<Expr>(new LocalExpr(D, a)))),
                new ForStmt(I, 1, -1, 2, Block(new AssignStmt(new OutputTarget(i), AssignOp.Add,
                    new BinaryExpr(D, BinaryOp.Multiply, P(k.Add(i.Scale(3)).Add(Affine.Of(9))), new LocalExpr(D, h)))))))));
        return Function(2, 17, body) with
        {
            Scalars = EquatableArray.Create(new ScalarVariable(a, "a", D), new ScalarVariable(h, "h", D)),
        };
    }

    private static Block Block(params Stmt[] statements) => new(statements.ToEquatableArray());

    private static IrFunction Function(int n, int m, Block body) => new(D, n, m, body, EquatableArray<ScalarVariable>.Empty,
        EquatableArray<ArrayVariable>.Empty, EquatableArray.Create(new LoopVariable(K, "k"), new LoopVariable(J, "j"), new LoopVariable(I, "i"), new LoopVariable(I0, "i0")));

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
