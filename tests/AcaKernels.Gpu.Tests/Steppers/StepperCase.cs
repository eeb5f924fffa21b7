using System.Numerics;
using System.Reflection;
using AcaKernels.Tableaus;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>One generated stepper (system × tableau) under test, with what the tests need without knowing its types.</summary>
public abstract class StepperCase
{
    /// <summary>"Lorenz.RhsOde.Gpu.DormandPrince5".</summary>
    public abstract string Name { get; }

    /// <summary>The closed <see cref="StepKernel.Run{TStepper, T}"/> of this stepper.</summary>
    public abstract MethodInfo Kernel { get; }

    /// <summary>Runs the kernel on <paramref name="accelerator"/> and the CPU hooks over the same
    /// <paramref name="trajectories"/> random inputs (fixed seed); returns both sets of outputs, per quantity.
    /// <paramref name="compiled"/>, when given, sees the kernel the accelerator compiled and loaded (its OpenCL C or PTX)
    /// before it runs.</summary>
    public abstract StepOutputs[] RunAndReference(Accelerator accelerator, int trajectories, int seed, Action<CompiledKernel>? compiled = null);
}

/// <summary>The outputs of one trajectory: the device's and the CPU hooks', with the scales a tolerance needs.</summary>
public sealed record StepOutputs(string Quantity, int Trajectory, double[] Device, double[] Reference, double Scale);

/// <summary>A stepper of a system with CPU struct <typeparamref name="TOde"/> (the reference: its TryFused* hooks).</summary>
public sealed class StepperCase<T, TStepper, TOde>(string name, ButcherTableau tableau, double[] state, double[] parameters)
    : StepperCase
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
    where TOde : IOdeDynamics<T>
{
    public override string Name => name;

    public override MethodInfo Kernel => new Action<Index1D, ArrayView<T>, ArrayView<double>>(StepKernel.Run<TStepper, T>).Method;

    public override StepOutputs[] RunAndReference(Accelerator accelerator, int trajectories, int seed, Action<CompiledKernel>? compiled = null)
    {
        int n = TStepper.StateSize, m = TStepper.ParameterSize, s = TStepper.Stages, stride = Layout<TStepper, T>.Stride;
        var random = new Random(seed);
        var data = new T[trajectories * stride];
        var times = new double[2 * trajectories];
        for (int b = 0; b < trajectories; b++)
        {
            Span<T> record = data.AsSpan(b * stride, stride);
            // States and parameters within ±10 % of a sample point, seeds and prior gradients of order 1, h small
            // enough for a step of ordinary size, t anywhere in [0, 2) (the forced oscillator reads it).
            for (int j = 0; j < n; j++) record[Layout<TStepper, T>.Z + j] = T.CreateTruncating(state[j] * (1 + 0.2 * (random.NextDouble() - 0.5)) + 0.01 * (random.NextDouble() - 0.5));
            for (int k = 0; k < m; k++) record[Layout<TStepper, T>.P + k] = T.CreateTruncating(parameters[k] * (1 + 0.2 * (random.NextDouble() - 0.5)));
            for (int j = 0; j < n; j++) record[Layout<TStepper, T>.AdjointOut + j] = T.CreateTruncating(2 * random.NextDouble() - 1);
            for (int k = 0; k < m; k++) record[Layout<TStepper, T>.GradP + k] = T.CreateTruncating(2 * random.NextDouble() - 1);
            times[2 * b] = 2 * random.NextDouble();
            times[2 * b + 1] = 1e-3 + 1e-2 * random.NextDouble();
        }

        T[] device = Launch(accelerator, data, times, trajectories, compiled);

        var outputs = new List<StepOutputs>();
        for (int b = 0; b < trajectories; b++)
        {
            ReadOnlySpan<T> record = data.AsSpan(b * stride, stride);
            ReadOnlySpan<T> z = record.Slice(Layout<TStepper, T>.Z, n), p = record.Slice(Layout<TStepper, T>.P, m);
            double t = times[2 * b], h = times[2 * b + 1];
            var stages = new T[s * n];
            T[] zNew = new T[n], error = new T[n], error2 = new T[n], adjointIn = new T[n];
            T[] gradP = record.Slice(Layout<TStepper, T>.GradP, m).ToArray(), gradPTime = gradP.ToArray(), adjointInTime = new T[n];
            var scratch = new T[(3 * s + 1) * n];
            TOde.Evaluate(T.CreateTruncating(t), z, p, stages.AsSpan(0, n));
            Assert.True(TOde.TryFusedTrialStep(tableau, t, h, z, p, stages, zNew, error, error2), $"{name}: no CPU fused trial step");
            Assert.True(TOde.TryFusedStepVjp(tableau, t, h, z, p, record.Slice(Layout<TStepper, T>.AdjointOut, n), adjointIn, gradP, scratch),
                $"{name}: no CPU fused step VJP");
            Assert.True(TOde.TryFusedStepVjpWithTime(tableau, t, h, z, p, record.Slice(Layout<TStepper, T>.AdjointOut, n), adjointInTime, gradPTime,
                scratch, out T gradH, out T gradT), $"{name}: no CPU fused step VJP with time terms");

            int at = b * stride;
            double stageScale = MaxAbs(stages), stateScale = MaxAbs(z.ToArray()), seedScale = MaxAbs(record.Slice(Layout<TStepper, T>.AdjointOut, n).ToArray());
            void Add(string quantity, int offset, T[] reference, double scale) =>
                outputs.Add(new StepOutputs(quantity, b, ToDouble(device.AsSpan(at + offset, reference.Length)), ToDouble(reference), scale));
            Add("stages", Layout<TStepper, T>.Stages, stages, stageScale);
            Add("zNew", Layout<TStepper, T>.ZNew, zNew, stateScale + h * stageScale);
            Add("error", Layout<TStepper, T>.Error, error, h * stageScale);
            if (TStepper.HasSecondErrorEstimate) Add("error2", Layout<TStepper, T>.Error2, error2, h * stageScale);
            Add("adjointIn", Layout<TStepper, T>.AdjointIn, adjointIn, seedScale);
            Add("gradP", Layout<TStepper, T>.GradP, gradP, MaxAbs(gradP));
            Add("adjointIn (with time)", Layout<TStepper, T>.AdjointInTime, adjointInTime, seedScale);
            Add("gradP (with time)", Layout<TStepper, T>.GradPTime, gradPTime, MaxAbs(gradPTime));
            // ∂L/∂h = Σ bᵢ·adjointOutᵀkᵢ + …: seed × stage sized; Σ vᵀ∂f/∂t the same or its own size (0 when f ignores t).
            Add("gradH", Layout<TStepper, T>.TimeTerms, [gradH], seedScale * stageScale);
            Add("gradT", Layout<TStepper, T>.TimeTerms + 1, [gradT], Math.Max(seedScale * stageScale, Math.Abs(double.CreateTruncating(gradT))));
        }
        return outputs.ToArray();
    }

    private static T[] Launch(Accelerator accelerator, T[] data, double[] times, int trajectories, Action<CompiledKernel>? compiled)
    {
        // Loaded as a Kernel object rather than by LoadStreamKernel, so that a test can read the code the device runs
        // (PoclTests checks its OpenCL C) without compiling the kernel a second time. (The accelerator owns it.)
        MethodInfo method = new Action<ArrayView<T>, ArrayView<double>, int>(StepKernel.RunGrouped<TStepper, T>).Method;
        ILGPU.Runtime.Kernel loaded = accelerator.LoadKernel(method);
        compiled?.Invoke(loaded.CompiledKernel);
        var launch = loaded.CreateLauncherDelegate<Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<double>, int>>();
        using MemoryBuffer1D<T, Stride1D.Dense> deviceData = accelerator.Allocate1D(data);
        using MemoryBuffer1D<double, Stride1D.Dense> deviceTimes = accelerator.Allocate1D(times);
        int group = Math.Min(StepKernel.GroupSize, accelerator.MaxNumThreadsPerGroup), groups = (trajectories + group - 1) / group;
        launch(accelerator.DefaultStream, new KernelConfig(groups, group), deviceData.View, deviceTimes.View, trajectories);
        accelerator.Synchronize();
        return deviceData.GetAsArray1D();
    }

    private static double MaxAbs(T[] values) => values.Length == 0 ? 0 : values.Max(v => Math.Abs(double.CreateTruncating(v)));

    private static double[] ToDouble(ReadOnlySpan<T> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = double.CreateTruncating(values[i]);
        return result;
    }
}
