using AcaKernels.Ensembles;
using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// A shared θ's gradient summed on the device in <see cref="ParameterGradientSum"/>'s order: thread (block, j) adds
/// ∂L/∂θ_j of the block's 1024 trajectories that succeeded, in trajectory order from +0, into blockSums[block·m + j]
/// (the host adds the block sums in block order). Thread j and j + 1 read neighbouring words of each row, so a warp's
/// reads coalesce; the rows (B·m values) never leave the device.
/// </summary>
internal static class ParameterGradientBlocksKernel
{
    public static void Run<T, TReal>(Index1D index, int trajectories, int m, ArrayView<T> gradPRows, ArrayView<int> status,
        ArrayView<T> blockSums)
        where T : unmanaged where TReal : struct, IGpuReal<T>
    {
        int block = index / m, j = index - block * m;
        int first = block * ParameterGradientSum.BlockSize;
        if (first >= trajectories) return;
        int end = Math.Min(trajectories, first + ParameterGradientSum.BlockSize);
        T sum = TReal.FromDouble(0.0);
        for (int b = first; b < end; b++)
            if (status[(long)b * TrajectoryStatus.IntCount + TrajectoryStatus.Status] == (int)OdeStatus.Success)
                sum = TReal.Add(sum, gradPRows[(long)b * m + j]);
        blockSums[index] = sum;
    }
}

/// <summary>The launcher of <see cref="ParameterGradientBlocksKernel"/> for T (not nested in a stepper's kernel set:
/// GpuDevice caches launchers by kernel method, and this kernel is the same for every stepper).</summary>
internal delegate void ParameterGradientBlocksLauncher<T>(AcceleratorStream stream, Index1D extent, int trajectories, int m,
    ArrayView<T> gradPRows, ArrayView<int> status, ArrayView<T> blockSums) where T : unmanaged;
