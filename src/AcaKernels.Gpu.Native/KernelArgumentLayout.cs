using System.Runtime.InteropServices;

namespace AcaKernels.Gpu.Native;

/// <summary>
/// How ILGPU 1.5.3 lays out the arguments of an implicitly grouped kernel <c>Run(Index1D, p₁, …, p_k)</c> (its
/// internals: the version is pinned, the manifest names the version that compiled the kernels, and a test reads the
/// compiled entry points and fails when these layouts change).
/// <list type="bullet">
/// <item>OpenCL C: one <c>global T*</c> per view parameter, in order; then <c>int</c> bound (the launch extent: threads
/// at or beyond it return at once); then p₁ … p_k in order, a view as <see cref="OpenCLView"/> and a struct as its
/// bytes.</item>
/// <item>PTX: <c>.b32</c> bound; then p₁ … p_k in order, a view as <see cref="PtxView"/> (<c>.align 8 .b8[16]</c>)
/// and a struct as its bytes (<c>.align 8 .b8[size]</c>).</item>
/// </list>
/// A struct parameter's layout is C#'s sequential layout of the same fields (<c>GpuKernelSettings</c>: 6 ints, then 11
/// doubles, 112 bytes).
/// </summary>
internal static class KernelArgumentLayout
{
    /// <summary>A view's second half on OpenCL: the element index where it starts in its buffer, and its length.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenCLView
    {
        public int Index;
        public long Length;
    }

    /// <summary>A view on PTX: the device address of its first element, and its length.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PtxView
    {
        public ulong Pointer;
        public long Length;
    }
}
