using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Tableaus;

namespace AcaKernels.Experiments.Tests.ThreeBody;

/// <summary>
/// The discrete map ACA differentiates, written out independently of the engine: the accepted steps of a solve
/// replayed with their sizes held fixed, by the explicit Runge-Kutta formulas of the tableau
/// (kⱼ = f(z + h Σₗ aⱼₗ kₗ), z ← z + h Σⱼ bⱼ kⱼ), recording the state where each output was reached; then the loss.
/// Finite differences of this in the masses are the reference for ACA's gradient.
/// </summary>
internal sealed class FixedStepReplay(ButcherTableau tableau, double[] steps, int[] outputSteps, ThreeBodyLoss loss)
{
    private const int N = ThreeBodyDynamics.StateSize;

    /// <summary>The loss of the replayed solve with masses <paramref name="masses"/>.</summary>
    public double Loss(double[] masses)
    {
        int s = tableau.Stages;
        double[] z = [.. ThreeBodySystem.InitialState], next = new double[N], stage = new double[N];
        double[][] k = [.. Enumerable.Range(0, s).Select(_ => new double[N])];
        var outputs = new double[outputSteps.Length * N];
        int output = 0;
        for (int i = 0; ; i++)
        {
            for (; output < outputSteps.Length && outputSteps[output] == i; output++) z.CopyTo(outputs, output * N);
            if (i == steps.Length) break;
            double h = steps[i];
            z.CopyTo(next, 0);
            for (int j = 0; j < s; j++)
            {
                for (int q = 0; q < N; q++)
                {
                    double sum = z[q];
                    for (int l = 0; l < j; l++) sum += h * tableau[j, l] * k[l][q];
                    stage[q] = sum;
                }
                ThreeBodyDynamics.RhsOde.Evaluate(0, stage, masses, k[j]);
                for (int q = 0; q < N; q++) next[q] += h * tableau.B[j] * k[j][q];
            }
            (z, next) = (next, z);
        }
        return loss.Evaluate(outputs, new double[outputs.Length]);
    }

    /// <summary>Central differences of <see cref="Loss"/> in each mass, step <paramref name="h"/>.</summary>
    public double[] Gradient(double[] masses, double h) => [.. Enumerable.Range(0, 3).Select(i =>
    {
        double[] up = [.. masses], down = [.. masses];
        up[i] += h;
        down[i] -= h;
        return (Loss(up) - Loss(down)) / (2 * h);
    })];
}
