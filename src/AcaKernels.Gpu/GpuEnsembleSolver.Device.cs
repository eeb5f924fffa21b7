using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu;

public sealed partial class GpuEnsembleSolver<T, TStepper>
{
    /// <summary>
    /// The solver's ILGPU context, accelerator, compiled kernels and device buffers. Buffers sized by B, n and m
    /// (and the checkpoints) are allocated here once; those sized by the output times grow when a call needs more.
    /// </summary>
    private sealed class DeviceState : IGpuEnsembleDevice<T>, IDisposable
    {
        private readonly GpuDevice _device;
        private readonly bool _ownsDevice;
        private readonly AcceleratorStream _stream;
        private readonly GpuKernelSet<T, TStepper> _kernels;
        private readonly MemoryBuffer1D<T, Stride1D.Dense> _z0, _p, _checkpointStates, _gradZ0, _gradPRows, _gradPBlocks;
        private readonly MemoryBuffer1D<double, Stride1D.Dense> _tolerances, _checkpointSteps, _statusTimes, _gradTimes;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _rows, _status;
        private readonly MemoryBuffer1D<long, Stride1D.Dense> _tallyBlocks;
        private MemoryBuffer1D<double, Stride1D.Dense> _times;
        private MemoryBuffer1D<T, Stride1D.Dense> _outputs, _seeds;
        private MemoryBuffer1D<int, Stride1D.Dense> _outputSteps;
        private GpuKernelSettings _settings;
        private readonly int _trajectories, _n, _m;
        private readonly List<IDisposable> _pageLocks = [];

        public DeviceState(int trajectories, int n, int m, int capacity, OdeOptions options, GpuDevice? device, GpuBackend backend,
            int? deviceIndex, GpuKernelForm form)
        {
            _trajectories = trajectories;
            _n = n;
            _m = m;
            _ownsDevice = device is null;
            _device = device ?? GpuDevice.Open(backend, deviceIndex);
            Accelerator = _device.Accelerator;
            try
            {
                _stream = Accelerator.CreateStream();
                _kernels = new GpuKernelSet<T, TStepper>(_device, capacity > 0, form);
                _z0 = Accelerator.Allocate1D<T>((long)trajectories * n);
                _p = Accelerator.Allocate1D<T>(Math.Max(1, (long)trajectories * m));
                _gradZ0 = Accelerator.Allocate1D<T>(capacity > 0 ? (long)trajectories * n : 1);
                _gradPRows = Accelerator.Allocate1D<T>(capacity > 0 ? Math.Max(1, (long)trajectories * m) : 1);
                _gradPBlocks = Accelerator.Allocate1D<T>(capacity > 0 ? Math.Max(1, (long)Ensembles.ParameterGradientSum.BlockCount(trajectories) * m) : 1);
                _gradTimes = Accelerator.Allocate1D<double>(capacity > 0 ? 2L * trajectories : 1);
                try
                {
                    _checkpointStates = Accelerator.Allocate1D<T>(Math.Max(1, (long)capacity * n * trajectories));
                    _checkpointSteps = Accelerator.Allocate1D<double>(Math.Max(1, 2L * capacity * trajectories));
                }
                catch (Exception e) when (e is OutOfMemoryException or AcceleratorException)
                {
                    // An explicit GpuEnsembleOptions.CheckpointCapacity is not lowered to fit: say what did not fit, not
                    // "Insufficient memory to continue the execution of the program".
                    long bytes = (long)capacity * trajectories * GpuEnsembleHost.CheckpointBytesPerStep(n, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
                    throw new ArgumentException(
                        $"The checkpoints of {trajectories} trajectories × {capacity} steps ({bytes} bytes: B · capacity · (n·sizeof(T) + 16)) " +
                        $"do not fit in the memory of '{Accelerator.Name}': lower GpuEnsembleOptions.CheckpointCapacity or B, or leave " +
                        "CheckpointCapacity null to derive it from OdeOptions.GradientMemoryLimit.", nameof(GpuEnsembleOptions.CheckpointCapacity), e);
                }
                _tolerances = Accelerator.Allocate1D(GpuEnsembleHost.Tolerances(options, n));
                _statusTimes = Accelerator.Allocate1D<double>((long)trajectories * TrajectoryStatus.DoubleCount);
                _rows = Accelerator.Allocate1D<int>(trajectories + 1L);
                _status = Accelerator.Allocate1D<int>((long)trajectories * TrajectoryStatus.IntCount);
                _tallyBlocks = Accelerator.Allocate1D<long>((long)TrajectoryTallyKernel.BlockCount(trajectories) * TrajectoryTallyKernel.Fields);
                _times = Accelerator.Allocate1D<double>(2);
                _outputs = Accelerator.Allocate1D<T>(2L * trajectories * n);
                _seeds = Accelerator.Allocate1D<T>(1);
                _outputSteps = Accelerator.Allocate1D<int>(2L * trajectories);
                _settings = GpuEnsembleHost.Settings(trajectories, capacity, options, TStepper.ErrorOrder);
            }
            catch
            {
                Dispose(); // the buffers made so far: on a shared device they would outlive the failed solver
                throw;
            }
        }

        public Accelerator Accelerator { get; }

        /// <summary>The device the buffers live on (the caller's when shared).</summary>
        public GpuDevice Device => _device;

        public GpuBackend Backend => _device.Backend;

        public bool UsesRegisterKernels => _kernels.UsesRegisterKernels;

        public void Forward(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times, bool sharedTimes,
            ReadOnlySpan<int> rows, bool rowsChanged, Span<T> outputs)
        {
            int rowCount = rows[_trajectories];
            Grow(ref _times, times.Length);
            Grow(ref _outputs, (long)rowCount * _n);
            Grow(ref _outputSteps, rowCount);
            _z0.View.AsContiguous().SubView(0, z0.Length).CopyFromCPU(z0);
            if (p.Length > 0) _p.View.AsContiguous().SubView(0, p.Length).CopyFromCPU(p);
            _times.View.AsContiguous().SubView(0, times.Length).CopyFromCPU(times);
            if (rowsChanged) _rows.View.AsContiguous().CopyFromCPU(rows);
            _settings.SharedParameters = sharedP ? 1 : 0;
            _settings.SharedTimes = sharedTimes ? 1 : 0;
            long launched = System.Diagnostics.Stopwatch.GetTimestamp();
            _kernels.Forward(_stream, _trajectories, _settings, _z0.View, _p.View, _times.View, _rows.View, _tolerances.View,
                _outputs.View, _checkpointStates.View, _checkpointSteps.View, _outputSteps.View, _status.View, _statusTimes.View);
            _stream.Synchronize();
            LastKernelTime = System.Diagnostics.Stopwatch.GetElapsedTime(launched);
            _outputs.View.AsContiguous().SubView(0, outputs.Length).CopyToCPU(outputs);
        }

        public void ReadStatus(Span<int> status) => _status.View.AsContiguous().CopyToCPU(status);

        public bool TalliesOnDevice => true;

        public void Tally(Span<long> blocks)
        {
            long launched = System.Diagnostics.Stopwatch.GetTimestamp();
            _kernels.Tally(_stream, blocks.Length / TrajectoryTallyKernel.Fields, _trajectories, _status.View, _tallyBlocks.View);
            _stream.Synchronize();
            LastKernelTime += System.Diagnostics.Stopwatch.GetElapsedTime(launched);
            _tallyBlocks.View.AsContiguous().SubView(0, blocks.Length).CopyToCPU(blocks);
        }

        public void ReadStatusTimes(Span<double> statusTimes) => _statusTimes.View.AsContiguous().CopyToCPU(statusTimes);

        public bool SumsSharedParameterGradient => _m > 0;

        public TimeSpan LastKernelTime { get; private set; }

        public void Backward(ReadOnlySpan<T> seeds, int rowCount, Span<T> gradZ0, Span<T> gradPRows, Span<T> gradPBlocks, bool sharedGradP,
            Span<double> gradTimes)
        {
            Grow(ref _seeds, (long)rowCount * _n);
            _seeds.View.AsContiguous().SubView(0, seeds.Length).CopyFromCPU(seeds);
            long launched = System.Diagnostics.Stopwatch.GetTimestamp();
            _kernels.Backward!(_stream, _trajectories, _settings, _p.View, _rows.View, _checkpointStates.View, _checkpointSteps.View,
                _outputSteps.View, _status.View, _seeds.View, _gradZ0.View, _gradPRows.View, _gradTimes.View);
            // A shared θ's gradient: summed on the device, only the block sums come back (m = 0: nothing to sum).
            bool blocks = sharedGradP && SumsSharedParameterGradient;
            if (blocks)
                _kernels.ParameterGradientBlocks!(_stream, gradPBlocks.Length, _trajectories, _m, _gradPRows.View, _status.View, _gradPBlocks.View);
            _stream.Synchronize();
            LastKernelTime = System.Diagnostics.Stopwatch.GetElapsedTime(launched);
            _gradZ0.View.AsContiguous().SubView(0, gradZ0.Length).CopyToCPU(gradZ0);
            if (blocks) _gradPBlocks.View.AsContiguous().SubView(0, gradPBlocks.Length).CopyToCPU(gradPBlocks);
            else if (gradPRows.Length > 0) _gradPRows.View.AsContiguous().SubView(0, gradPRows.Length).CopyToCPU(gradPRows);
            if (gradTimes.Length > 0) _gradTimes.View.AsContiguous().SubView(0, gradTimes.Length).CopyToCPU(gradTimes);
        }

        public void PageLock<TValue>(PageAlignedHostBuffer<TValue> buffer) where TValue : unmanaged
        {
            if (_device.PageLock(buffer) is { } registration) _pageLocks.Add(registration);
        }

        private void Grow<TValue>(ref MemoryBuffer1D<TValue, Stride1D.Dense> buffer, long length) where TValue : unmanaged
        {
            if (buffer.Length >= length) return;
            buffer.Dispose();
            buffer = Accelerator.Allocate1D<TValue>(length);
        }

        public void Dispose()
        {
            // The solver's own host buffers, unregistered now on a shared device (an owned one unregisters all before its context goes).
            foreach (IDisposable registration in _pageLocks) registration.Dispose();
            _pageLocks.Clear();
            foreach (MemoryBuffer buffer in new MemoryBuffer[]
                     {
                         _z0, _p, _checkpointStates, _gradZ0, _gradPRows, _gradPBlocks, _gradTimes, _tolerances, _checkpointSteps, _statusTimes, _rows, _status,
                         _tallyBlocks, _times, _outputs, _seeds, _outputSteps,
                     })
                buffer?.Dispose();
            _stream?.Dispose();
            if (_ownsDevice) _device.Dispose();
        }
    }
}
