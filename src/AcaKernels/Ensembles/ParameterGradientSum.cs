using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// The one order in which every ensemble engine sums a shared θ's gradient over its trajectories: blocks of
/// <see cref="BlockSize"/> consecutive trajectories, each summed in trajectory order from +0 over the trajectories that
/// succeeded, then the block sums added in block order from +0. The CPU engine (any number of threads) and the GPU
/// solvers (on every backend) produce the same bits; a GPU sums the blocks on the device, one thread per (block,
/// parameter), and sends back B/1024·m values instead of B·m (for a 162-parameter MLP and 8 388 608 trajectories,
/// 5 MB instead of 5.4 GB, then 1.3 M host additions instead of 1.4 G). Up to 1024 trajectories the sum equals the plain
/// trajectory-order sum bit for bit; beyond, blocking also bounds the rounding error's growth (≈ 1024 + B/1024 additions
/// deep instead of B).
/// </summary>
internal static class ParameterGradientSum
{
    /// <summary>Trajectories per block.</summary>
    public const int BlockSize = 1024;

    /// <summary>The number of blocks for <paramref name="trajectories"/> trajectories.</summary>
    public static int BlockCount(int trajectories) => (trajectories + BlockSize - 1) / BlockSize;

    /// <summary>Each block's sum of the rows (trajectory b's ∂L/∂θ at rows[b·m ..]) of the trajectories whose result
    /// succeeded, into blockSums[block·m ..] (length <see cref="BlockCount"/>·m).</summary>
    public static void SumBlocks<T>(ReadOnlySpan<T> rows, ReadOnlySpan<SolveResult> results, int m, Span<T> blockSums)
        where T : INumberBase<T> =>
        SumBlocks(rows, new SolveOutcomes(results), m, blockSums);

    /// <summary><see cref="SumBlocks{T}(ReadOnlySpan{T}, ReadOnlySpan{SolveResult}, int, Span{T})"/> over gradient results
    /// (a gradient succeeds exactly when its forward solve did).</summary>
    public static void SumBlocks<T>(ReadOnlySpan<T> rows, ReadOnlySpan<GradientResult> results, int m, Span<T> blockSums)
        where T : INumberBase<T> =>
        SumBlocks(rows, new GradientOutcomes(results), m, blockSums);

    /// <summary><see cref="SumBlocks{T}(ReadOnlySpan{T}, ReadOnlySpan{SolveResult}, int, Span{T})"/> over status words:
    /// trajectory b succeeded when statusWords[b·<paramref name="stride"/>] is <see cref="OdeStatus.Success"/> (the GPU
    /// kernels' layout; a caller that asked for no per-trajectory results has no other record).</summary>
    public static void SumBlocks<T>(ReadOnlySpan<T> rows, ReadOnlySpan<int> statusWords, int stride, int m, Span<T> blockSums)
        where T : INumberBase<T> =>
        SumBlocks(rows, new StatusWordOutcomes(statusWords, stride), m, blockSums);

    private static void SumBlocks<T, TOutcomes>(ReadOnlySpan<T> rows, TOutcomes outcomes, int m, Span<T> blockSums)
        where T : INumberBase<T>
        where TOutcomes : IOutcomes, allows ref struct
    {
        int trajectories = outcomes.Count;
        for (int block = 0, first = 0; first < trajectories; block++, first += BlockSize)
        {
            Span<T> sum = blockSums.Slice(block * m, m);
            sum.Clear();
            int end = Math.Min(trajectories, first + BlockSize);
            for (int b = first; b < end; b++)
            {
                if (!outcomes.Succeeded(b)) continue;
                ReadOnlySpan<T> row = rows.Slice(b * m, m);
                for (int j = 0; j < m; j++) sum[j] += row[j];
            }
        }
    }

    private interface IOutcomes
    {
        int Count { get; }

        bool Succeeded(int b);
    }

    private readonly ref struct SolveOutcomes(ReadOnlySpan<SolveResult> results) : IOutcomes
    {
        private readonly ReadOnlySpan<SolveResult> _results = results;

        public int Count => _results.Length;

        public bool Succeeded(int b) => _results[b].IsSuccess;
    }

    private readonly ref struct StatusWordOutcomes(ReadOnlySpan<int> words, int stride) : IOutcomes
    {
        private readonly ReadOnlySpan<int> _words = words;

        public int Count => _words.Length / stride;

        public bool Succeeded(int b) => _words[b * stride] == (int)OdeStatus.Success;
    }

    private readonly ref struct GradientOutcomes(ReadOnlySpan<GradientResult> results) : IOutcomes
    {
        private readonly ReadOnlySpan<GradientResult> _results = results;

        public int Count => _results.Length;

        public bool Succeeded(int b) => _results[b].IsSuccess;
    }

    /// <summary>gradP = the block sums (<see cref="BlockCount"/>(trajectories)·m values) added in block order from +0.</summary>
    public static void SumOfBlocks<T>(ReadOnlySpan<T> blockSums, int trajectories, int m, Span<T> gradP) where T : INumberBase<T>
    {
        gradP.Clear();
        int blocks = BlockCount(trajectories);
        for (int block = 0; block < blocks; block++)
        {
            ReadOnlySpan<T> sum = blockSums.Slice(block * m, m);
            for (int j = 0; j < m; j++) gradP[j] += sum[j];
        }
    }
}
