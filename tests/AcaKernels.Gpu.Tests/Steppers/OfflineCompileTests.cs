using AcaKernels.Gpu.Backends;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// Every generated stepper, in a kernel that calls Evaluate, TrialStep, StepVjp and StepVjpWithTime, compiles without a device to
/// PTX. (Its OpenCL C is checked by PoclTests on the code PoCL runs: compiled once, not twice.) A fresh Context per
/// kernel: a failed compile poisons its Context for every later kernel.
/// </summary>
public sealed class OfflineCompileTests
{
    [Theory]
    [MemberData(nameof(StepperCases.Names), MemberType = typeof(StepperCases))]
    public void Stepper_CompilesToPtx(string name)
    {
        string ptx = Ptx(name);
        Assert.Contains(".entry", ptx);
        // A math function ILGPU cannot map compiles to a call of an undefined .extern function: the module would
        // then fail to load on the device. (ACA3001 keeps such systems out of the GPU form.)
        Assert.DoesNotContain(".extern .func", ptx);
    }

    /// <summary>A constant table is its values as immediate operands in the PTX: ILGPU inlines the array
    /// (GpuIntrinsics.Register's array mode), and no array is declared in global or constant memory. Read at the indices
    /// an unrolled loop gives (TabulatedDrive), the loads fold into the arithmetic; read at a loop's run-time index (the
    /// loop form: TabulatedChain), ILGPU stores the values into a per-thread local array at each evaluation (24 stores
    /// for its 24 rates: measured, 192 B of .local per copy), which a large table pays for.</summary>
    [Theory]
    [InlineData("Coverage.TabulatedDriveOde.Gpu.DormandPrince5", new[] { 0.6, -0.3, 0.15, 0.05 })]
    [InlineData("Coverage.TabulatedChainOde.Gpu.DormandPrince5", new[] { 1.0, 0.9, 1.2, 0.7 })]
    public void ConstantTable_IsImmediatesInThePtx(string name, double[] table)
    {
        string ptx = Ptx(name);
        foreach (double value in table)
            Assert.Contains("0d" + BitConverter.DoubleToInt64Bits(value).ToString("X16"), ptx);
        Assert.DoesNotMatch(@"\.(global|const) \.align \d+ \.b8", ptx);
    }

    /// <summary>Systems calling sin and cos compile to kernels with no local memory: GpuMath's sin and cos reduce every
    /// finite argument themselves (Payne–Hanek beyond 2^26, 2/π's bits in a switch, not an array). Until they did, the
    /// fallback to ILGPU's own sin/cos (a CORDIC with its tables and matrices per thread) put 736–1 984 B of .local in
    /// these kernels (RESULTS.md §54).</summary>
    [Theory]
    [InlineData("Coverage.DrivenPendulumOde.Gpu.DormandPrince5")]
    [InlineData("Coverage.DrivenPendulumSingleOde.Gpu.DormandPrince5")]
    [InlineData("ForcedOscillator.RhsOde.Gpu.DormandPrince5")]
    [InlineData("Coverage.TabulatedDriveOde.Gpu.DormandPrince5")]
    [InlineData("Coverage.TabulatedDriveSingleOde.Gpu.DormandPrince5")]
    public void SinAndCos_LeaveNoLocalMemoryInThePtx(string name)
    {
        string ptx = Ptx(name);
        Assert.DoesNotContain(".local", ptx);
    }

    /// <summary>The stepper kernel of <paramref name="name"/> compiled offline to PTX for sm_80 in a fresh context.</summary>
    private static string Ptx(string name) => OfflineKernels.Ptx(StepperCases.Get(name).Kernel);
}
