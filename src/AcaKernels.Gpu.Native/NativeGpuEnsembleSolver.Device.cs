using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native;

public sealed partial class NativeGpuEnsembleSolver<T, TStepper>
{
    /// <summary>
    /// The device, the two loaded kernels and the device buffers of GpuEnsembleSolver's DeviceState, in the same
    /// layouts ([step][component][trajectory] checkpoints); the arguments in the kernels' parameter order.
    /// </summary>
    private sealed class DeviceState : IGpuEnsembleDevice<T>, IDisposable
    {
        private readonly IDeviceBuffer _z0, _p, _checkpointStates, _gradZ0, _gradPRows, _gradPBlocks, _gradTimes, _tolerances, _checkpointSteps, _statusTimes, _rows, _status,
            _tallyBlocks;
        private IDeviceBuffer _times, _outputs, _seeds, _outputSteps;
        private readonly IDeviceKernel _forward;
        private readonly IDeviceKernel? _backward, _parameterGradientBlocks, _tally;
        private GpuKernelSettings _settings;
        private readonly int _trajectories, _n, _m;
        // The launches' by-value arguments, made once on the pinned object heap (a call allocates nothing): the settings
        // (rewritten before each launch: sharedP and sharedTimes change per call), B and m for the block sums.
        private readonly byte[] _settingsBytes = GC.AllocateArray<byte>(Unsafe.SizeOf<GpuKernelSettings>(), pinned: true);
        private readonly byte[] _trajectoriesBytes = GC.AllocateArray<byte>(sizeof(int), pinned: true);
        private readonly byte[] _mBytes = GC.AllocateArray<byte>(sizeof(int), pinned: true);
        private readonly List<IDeviceBuffer> _all = [];
        private readonly PageLockRegistry _pageLocks = new();

        public DeviceState(GpuKernelCatalog kernels, int trajectories, int capacity, OdeOptions options, GpuBackend backend, int? deviceIndex)
        {
            _trajectories = trajectories;
            _n = TStepper.StateSize;
            _m = TStepper.ParameterSize;
            BitConverter.TryWriteBytes(_trajectoriesBytes, trajectories);
            BitConverter.TryWriteBytes(_mBytes, _m);
            string number = typeof(T) == typeof(double) ? "Double" : "Single";
            // Looked up before the device opens: a missing kernel is the caller's error, found without a driver.
            EmbeddedKernel forwardCode = kernels.Kernel(typeof(TStepper), number, _n, _m, Resolve(backend), KernelKind.Forward);
            Device = NativeGpuDevices.Open(backend, deviceIndex);
            try
            {
                if (Device.Backend != Resolve(backend)) forwardCode = kernels.Kernel(typeof(TStepper), number, _n, _m, Device.Backend, KernelKind.Forward);
                _forward = Device.Load(forwardCode.Code, forwardCode.Entry);
                if (kernels.Lists(typeof(TStepper), Device.Backend, KernelKind.TrajectoryTally))
                {
                    EmbeddedKernel tallyCode = kernels.Kernel(typeof(TStepper), number, _n, _m, Device.Backend, KernelKind.TrajectoryTally);
                    _tally = Device.Load(tallyCode.Code, tallyCode.Entry);
                }
                if (capacity > 0)
                {
                    EmbeddedKernel backwardCode = kernels.Kernel(typeof(TStepper), number, _n, _m, Device.Backend, KernelKind.Backward);
                    _backward = Device.Load(backwardCode.Code, backwardCode.Entry);
                    if (_m > 0 && kernels.Lists(typeof(TStepper), Device.Backend, KernelKind.ParameterGradientBlocks))
                    {
                        EmbeddedKernel blocksCode = kernels.Kernel(typeof(TStepper), number, _n, _m, Device.Backend, KernelKind.ParameterGradientBlocks);
                        _parameterGradientBlocks = Device.Load(blocksCode.Code, blocksCode.Entry);
                    }
                }
                long size = Unsafe.SizeOf<T>(), b = trajectories;
                _z0 = Allocate(b * _n * size);
                _p = Allocate(Math.Max(1, b * _m) * size);
                _gradZ0 = Allocate((capacity > 0 ? b * _n : 1) * size);
                _gradPRows = Allocate((capacity > 0 ? Math.Max(1, b * _m) : 1) * size);
                _gradPBlocks = Allocate((_parameterGradientBlocks is null ? 1 : (long)GpuEnsembleHost.ParameterGradientBlockCount(trajectories) * _m) * size);
                _gradTimes = Allocate((capacity > 0 ? 2 * b : 1) * sizeof(double));
                _checkpointStates = Allocate(Math.Max(1, (long)capacity * _n * b) * size);
                _checkpointSteps = Allocate(Math.Max(1, 2L * capacity * b) * sizeof(double));
                double[] tolerances = GpuEnsembleHost.Tolerances(options, _n);
                _tolerances = Allocate(tolerances.Length * sizeof(double));
                Device.Write<double>(_tolerances, tolerances);
                _statusTimes = Allocate(b * TrajectoryStatus.DoubleCount * sizeof(double));
                _rows = Allocate((b + 1) * sizeof(int));
                _status = Allocate(b * TrajectoryStatus.IntCount * sizeof(int));
                _tallyBlocks = Allocate((_tally is null ? 1 : (long)TrajectoryTallyKernel.BlockCount(trajectories) * TrajectoryTallyKernel.Fields) * sizeof(long));
                _times = Allocate(2 * sizeof(double));
                _outputs = Allocate(2 * b * _n * size);
                _seeds = Allocate(size);
                _outputSteps = Allocate(2 * b * sizeof(int));
                _settings = GpuEnsembleHost.Settings(trajectories, capacity, options, TStepper.ErrorOrder);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public IKernelDevice Device { get; }

        private static GpuBackend Resolve(GpuBackend backend) => backend == GpuBackend.Auto ? GpuBackend.OpenCL : backend;

        public void Forward(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times, bool sharedTimes,
            ReadOnlySpan<int> rows, bool rowsChanged, Span<T> outputs)
        {
            int rowCount = rows[_trajectories];
            Grow(ref _times, times.Length, sizeof(double));
            Grow(ref _outputs, (long)rowCount * _n, Unsafe.SizeOf<T>());
            Grow(ref _outputSteps, rowCount, sizeof(int));
            Device.Write(_z0, z0);
            Device.Write(_p, p);
            Device.Write(_times, times);
            if (rowsChanged) Device.Write<int>(_rows, rows);
            _settings.SharedParameters = sharedP ? 1 : 0;
            _settings.SharedTimes = sharedTimes ? 1 : 0;
            // ForwardKernel.Run's parameters after the index, in order.
            ReadOnlySpan<KernelArgument> arguments =
            [
                Settings(), View<T>(_z0), View<T>(_p), View<double>(_times), View<int>(_rows), View<double>(_tolerances), View<T>(_outputs),
                View<T>(_checkpointStates), View<double>(_checkpointSteps), View<int>(_outputSteps), View<int>(_status), View<double>(_statusTimes),
            ];
            long launched = Stopwatch.GetTimestamp();
            Device.Launch(_forward, _trajectories, arguments);
            LastKernelTime = Stopwatch.GetElapsedTime(launched);
            Device.Read(_outputs, outputs); // the first values.Length elements: buffers only grow
        }

        public void ReadStatus(Span<int> status) => Device.Read<int>(_status, status);

        /// <summary>Where the catalog embeds the tally kernel (catalogs built since it exists): a call without
        /// per-trajectory results gets B/256 block sums back instead of the B status words, as in GpuEnsembleSolver.</summary>
        public bool TalliesOnDevice => _tally is not null;

        public void Tally(Span<long> blocks)
        {
            if (_tally is null)
                throw new NotSupportedException("This catalog embeds no tally kernel (built before it existed): the host tallies the status words.");
            long launched = Stopwatch.GetTimestamp();
            // TrajectoryTallyKernel.Run's parameters after the index, in order.
            Device.Launch(_tally, blocks.Length / TrajectoryTallyKernel.Fields,
                [KernelArgument.Bytes(_trajectoriesBytes), View<int>(_status), View<long>(_tallyBlocks)]);
            LastKernelTime += Stopwatch.GetElapsedTime(launched);
            Device.Read(_tallyBlocks, blocks);
        }

        public void ReadStatusTimes(Span<double> statusTimes) => Device.Read<double>(_statusTimes, statusTimes);

        /// <summary>Where the catalog embeds the block-sum kernel (every stepper with parameters, from this version on): a
        /// shared θ's gradient is summed on the device and only B/1024·m block sums come back, as in GpuEnsembleSolver.</summary>
        public bool SumsSharedParameterGradient => _parameterGradientBlocks is not null;

        public TimeSpan LastKernelTime { get; private set; }

        public void Backward(ReadOnlySpan<T> seeds, int rowCount, Span<T> gradZ0, Span<T> gradPRows, Span<T> gradPBlocks, bool sharedGradP,
            Span<double> gradTimes)
        {
            Grow(ref _seeds, (long)rowCount * _n, Unsafe.SizeOf<T>());
            Device.Write(_seeds, seeds);
            // BackwardKernel.Run's parameters after the index, in order.
            ReadOnlySpan<KernelArgument> arguments =
            [
                Settings(), View<T>(_p), View<int>(_rows), View<T>(_checkpointStates), View<double>(_checkpointSteps), View<int>(_outputSteps),
                View<int>(_status), View<T>(_seeds), View<T>(_gradZ0), View<T>(_gradPRows), View<double>(_gradTimes),
            ];
            long launched = Stopwatch.GetTimestamp();
            Device.Launch(_backward!, _trajectories, arguments);
            bool blocks = sharedGradP && SumsSharedParameterGradient;
            if (blocks)
                // ParameterGradientBlocksKernel.Run's parameters after the index, in order.
                Device.Launch(_parameterGradientBlocks!, gradPBlocks.Length,
                    [KernelArgument.Bytes(_trajectoriesBytes), KernelArgument.Bytes(_mBytes), View<T>(_gradPRows), View<int>(_status), View<T>(_gradPBlocks)]);
            LastKernelTime = Stopwatch.GetElapsedTime(launched);
            Device.Read(_gradZ0, gradZ0);
            if (blocks) Device.Read(_gradPBlocks, gradPBlocks);
            else Device.Read(_gradPRows, gradPRows);
            if (gradTimes.Length > 0) Device.Read<double>(_gradTimes, gradTimes);
        }

        public void PageLock<TValue>(PageAlignedHostBuffer<TValue> buffer) where TValue : unmanaged => Register(buffer);

        /// <summary>Registers <paramref name="buffer"/> with the driver until the handle is disposed or this device goes
        /// (the solver's own buffers and the caller's <see cref="GpuHostArray{T}"/>s alike); null where nothing was registered.</summary>
        public PageLockRegistry.Registration? Register<TValue>(PageAlignedHostBuffer<TValue> buffer) where TValue : unmanaged =>
            _pageLocks.Add(buffer, Device.PageLock);

        private KernelArgument Settings()
        {
            MemoryMarshal.Write(_settingsBytes, in _settings);
            return KernelArgument.Bytes(_settingsBytes);
        }

        private static KernelArgument View<TValue>(IDeviceBuffer buffer) where TValue : unmanaged =>
            KernelArgument.View(buffer, buffer.Bytes / Unsafe.SizeOf<TValue>());

        private IDeviceBuffer Allocate(long bytes)
        {
            IDeviceBuffer buffer = Device.Allocate(bytes);
            _all.Add(buffer);
            return buffer;
        }

        private void Grow(ref IDeviceBuffer buffer, long length, int elementSize)
        {
            if (buffer.Bytes >= length * elementSize) return;
            _all.Remove(buffer);
            buffer.Dispose();
            buffer = Allocate(length * elementSize);
        }

        public void Dispose()
        {
            _pageLocks.Close(); // every range still registered, the caller's host arrays too: none may outlive the context
            foreach (IDeviceBuffer buffer in _all) buffer.Dispose();
            _all.Clear();
            Device?.Dispose();
        }
    }
}
