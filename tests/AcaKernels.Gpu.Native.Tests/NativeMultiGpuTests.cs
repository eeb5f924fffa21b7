using AcaKernels.Experiments.Lorenz;
using Stepper = AcaKernels.Experiments.Lorenz.LorenzDynamics.RhsOde.Gpu.DormandPrince5;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// <see cref="NativeMultiGpuEnsembleSolver{T, TStepper}"/> in this process: CI's one OpenCL device (PoCL) takes every
/// trajectory, and gives what one native solver on it gives, bit for bit; the refusals say what to change. Two real
/// devices run in `aca ensemble --device 0,1` under POCL_DEVICES (EnsembleCommandTests: PoCL reads it when OpenCL starts,
/// so it needs a process of its own).
/// </summary>
public sealed class NativeMultiGpuTests
{
    [OpenCLFact]
    public void OpenCL_EveryDevice_GivesWhatOneSolverGives_BitForBit()
    {
        const int B = 1500;
        Problem problem = Problem.Lorenz(B, sharedTheta: true);
        using var one = new NativeGpuEnsembleSolver<double, Stepper>(B, Native.Catalog, problem.Options,
            new GpuEnsembleOptions { Backend = GpuBackend.OpenCL });
        using var split = new NativeMultiGpuEnsembleSolver<double, Stepper>(B, Native.Catalog, GpuBackend.OpenCL, options: problem.Options);
        IReadOnlyList<string> devices = NativeGpuDevices.Probe(GpuBackend.OpenCL).Devices;
        // 1500 trajectories are two blocks: with one device both are its; with more, the second device takes the second.
        Assert.Equal(devices.Count == 1 ? [(0, B)] : [(0, 1024), (1024, B - 1024)],
            split.Shares.Select(s => (s.FirstTrajectory, s.Trajectories)));
        Assert.Equal(devices[0], split.Shares[0].DeviceName);
        Assert.Equal(one.CheckpointCapacity, split.CheckpointCapacity);

        Outcome expected = Outcome.Of(problem, (z, p, t, o, r) => one.Solve(z, p, t, o, r), (s, gz, gp, r) => one.Gradient(s, gz, gp, r));
        Outcome actual = Outcome.Of(problem, (z, p, t, o, r) => split.Solve(z, p, t, o, r), (s, gz, gp, r) => split.Gradient(s, gz, gp, r));
        if (devices.Count == 1)
        {
            Assert.Equal(expected.Results, actual.Results);
            Assert.Equal(expected.Gradients, actual.Gradients);
        }
        Outcome.AssertClose(expected.Outputs, actual.Outputs, devices.Count == 1 ? 0 : 1e-9, "outputs");
        Outcome.AssertClose(expected.GradZ0, actual.GradZ0, devices.Count == 1 ? 0 : 1e-8, "∂L/∂z0");
        Outcome.AssertClose(expected.GradTheta, actual.GradTheta, devices.Count == 1 ? 0 : 1e-8, "∂L/∂θ");
    }

    [Fact]
    public void BadChoices_AreRefused_SayingWhatToChange()
    {
        Assert.Contains("named backend", Assert.Throws<ArgumentException>(() =>
            new NativeMultiGpuEnsembleSolver<double, Stepper>(10, Native.Catalog, GpuBackend.Auto)).Message);
        Assert.Contains("EnsembleSolver", Assert.Throws<ArgumentException>(() =>
            new NativeMultiGpuEnsembleSolver<double, Stepper>(10, Native.Catalog, GpuBackend.Cpu, [0])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() =>
            new NativeMultiGpuEnsembleSolver<double, Stepper>(10, Native.Catalog, GpuBackend.OpenCL, [1, 1])).Message);
    }

    [CudaFactAbsent]
    public void Cuda_WhenAbsent_IsTheAbsentBackendsMessage()
    {
        var error = Assert.Throws<GpuBackendUnavailableException>(() =>
            new NativeMultiGpuEnsembleSolver<double, Stepper>(10, Native.Catalog, GpuBackend.Cuda));
        Assert.Equal(GpuBackendUnavailableException.Absent(GpuBackend.Cuda).Message, error.Message);
    }

    [OpenCLFact]
    public void OpenCL_ADevicePastThoseThere_NamesThem()
    {
        IReadOnlyList<string> devices = NativeGpuDevices.Probe(GpuBackend.OpenCL).Devices;
        var error = Assert.Throws<GpuBackendUnavailableException>(() =>
            new NativeMultiGpuEnsembleSolver<double, Stepper>(3000, Native.Catalog, GpuBackend.OpenCL, [0, devices.Count]));
        Assert.Equal(GpuBackendUnavailableException.NoSuchDevice(GpuBackend.OpenCL, devices.Count, devices).Message, error.Message);
    }
}
