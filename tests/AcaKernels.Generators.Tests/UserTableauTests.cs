using AcaKernels.Generators.Tests.Lanes;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// A tableau the generator has never seen (<see cref="CashKarp5"/>, declared in this test compilation with
/// [RungeKuttaTableau]) gets fused scalar and lane kernels, dispatched by reference to its Tableau object.
/// </summary>
public sealed class UserTableauTests
{
    [Fact]
    public void UserTableau_FusedTrialStepAndStepVjp_AreBitIdenticalToTheGenericStepper()
    {
        // Bit-identity, not a tolerance: the kernels embed the same doubles and do the generic stepper's arithmetic.
        FusedStepTests.Compare<double, Lorenz.RhsOde>(CashKarp5.Tableau, 10, seed: 7);
        FusedStepTests.Compare<double, NeuralOde.MlpOde>(CashKarp5.Tableau, 0.5, seed: 8);
        FusedStepTests.Compare<float, LorenzSingle.RhsOde>(CashKarp5.Tableau, 10, seed: 9);
    }

    [Fact]
    public void UserTableau_HasKernels_AndAnEqualTableauObjectDoesNot()
    {
        Span<double> buffer = stackalloc double[64];
        Assert.True(Lorenz.RhsOde.TryFusedTrialStep(CashKarp5.Tableau, 0, 0.1, buffer[..3], buffer[..3], buffer[..18], buffer[..3], buffer[..3], buffer[..3]));
        // Same coefficients, another object: the kernels were generated for CashKarp5.Tableau only.
        ButcherTableau copy = new("CashKarp5", 5, 4, [.. CashKarp5.Tableau.C],
            Enumerable.Range(0, 6).Select(i => Enumerable.Range(0, i).Select(j => CashKarp5.Tableau[i, j]).ToArray()).ToArray(),
            [.. CashKarp5.Tableau.B], [.. CashKarp5.Tableau.Error!.Value]);
        Assert.False(Lorenz.RhsOde.TryFusedTrialStep(copy, 0, 0.1, buffer[..3], buffer[..3], buffer[..18], buffer[..3], buffer[..3], buffer[..3]));
        Assert.False(Lorenz.RhsOde.TryFusedStepVjp(copy, 0, 0.1, buffer[..3], buffer[..3], buffer[..3], buffer[..3], buffer[..3], buffer));
    }

    [Fact]
    public void UserTableau_LaneTrialStep_IsBitIdenticalToTheScalarOneLaneByLane()
    {
        for (int trial = 0; trial < 5; trial++)
        {
            LaneReference.TrialStep<Lorenz.RhsOde>(CashKarp5.Tableau, LaneInputs.Random(500 + trial, 3, 3, 10, 10));
            LaneReference.TrialStep<NeuralOde.MlpOde>(CashKarp5.Tableau, LaneInputs.Random(600 + trial, 4, 148, 1, 0.5));
        }
    }

    [Fact]
    public void UserTableau_LaneStepVjp_IsBitIdenticalToTheScalarOneLaneByLane()
    {
        // Lorenz is straight-line and its Cash-Karp kernel fits the register form, so it gets a lane step VJP.
        for (int trial = 0; trial < 5; trial++)
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<Lorenz.RhsOde>(), CashKarp5.Tableau, LaneInputs.Random(700 + trial, 3, 3, 10, 10), trial));
    }
}
