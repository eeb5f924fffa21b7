using System.Runtime.CompilerServices;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Under <c>[module: SkipLocalsInit]</c> stackalloc does not zero, so the loop form's arrays that must start at
/// zero are cleared explicitly (issue 7, item 4). The stack is filled with garbage right before each call, so a
/// missing clear shows (it gave gradZ[0] = 336.8 instead of 3.465).
/// </summary>
public sealed class SkipLocalsInitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SkipLocalsInitModule_DirtyStack_LoopFormGradientMatchesDualNumbers(bool registerKernels)
    {
        using var snippet = CompiledSnippet.Build("""
            [OdeDynamics(2, 2)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> a = stackalloc double[3];
                for (int i = 0; i < 3; i++) a[i] = z[0] * p[0] + i;
                for (int i = 0; i < 3; i++) a[i] = Math.Tanh(a[i]) * z[1];
                dz[0] = a[0] * a[1] + p[1] * a[2];
                dz[1] = a[2] * a[2] - z[0];
            }
            """, 2, 2, registerKernels, prologue: "[module: System.Runtime.CompilerServices.SkipLocalsInit]");
        double t = 0.2;
        double[] z = [0.8, -1.1], p = [0.7, 1.9], v = [1.3, -0.4];
        for (int repeat = 0; repeat < 3; repeat++)
        {
            double[] value = new double[2], expected = new double[2];
            DirtyStack();
            snippet.Evaluate(t, z, p, value);
            snippet.User(t, z, p, expected);
            // Not bitwise: the generated code takes OdeMath.Tanh (≤ 2 ulp from Math.Tanh); garbage would be far off.
            for (int i = 0; i < 2; i++) Assert.Equal(expected[i], value[i], 1e-14 * Math.Max(1, Math.Abs(expected[i])));
            DirtyStack();
            double[] gradient = snippet.Gradient(t, z, p, v);
            Assert.Null(GradientCheck.AgainstDual(snippet.Tangent, gradient, 2, 2, t, z, p, v));
        }
    }

    /// <summary>Fills 64 KiB of the stack below the caller with a large value and leaves it there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double DirtyStack()
    {
        Span<double> garbage = stackalloc double[8192];
        garbage.Fill(336.75);
        return garbage[garbage.Length - 1] + garbage[0];
    }
}
