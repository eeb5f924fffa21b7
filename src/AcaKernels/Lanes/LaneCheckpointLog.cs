using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AcaKernels.Lanes;

/// <summary>
/// One chunk's ACA checkpoints in lane layout, written by <see cref="LaneEngine{T, TDynamics}"/> during Solve and
/// read back by its backward sweep during Gradient. Every trial step of one of the engine's lane groups in which
/// some lane's step stands appends one slot: t, h and z of the group's eight lanes as whole vectors
/// ([slot][t, h, z₀ … z_{n−1}][lane]), the group, and three lane masks: accepted (the lane's entry is a checkpoint; rejected and idle lanes' entries are written
/// and ignored), first (the step is its trajectory's first) and landed (the step landed on an output time). A
/// trajectory is linked to the one its lane ran before it, so the backward sweep, walking the slots from the last
/// to the first, knows which trajectory a lane takes when it passes a first step.
/// </summary>
/// <remarks>
/// <para>Memory: chunk c's log may hold its trajectories' share of <see cref="Solving.OdeOptions.GradientMemoryLimit"/>
/// (limit · |c| / B bytes, slots and masks counted), so the bound holds for the whole ensemble without any order
/// between workers, and a chunk's log depends only on its trajectories: the same bits and the same statuses with
/// any thread count. It grows by doubling, never past that share, and keeps its arrays between solves (no
/// allocation once it has met the chunk's longest solve). A slot costs (2 + n)·64 bytes whatever its lanes do, so
/// per accepted trajectory-step the log holds (2 + n)·8 bytes (as the scalar store) divided by the share of lanes
/// busy and accepting: idle lanes (chunks of fewer than eight, a chunk's tail) and rejections cost memory.</para>
/// <para>When the share is used up, the trial steps after it are not recorded: every trajectory that loses an
/// accepted step that way keeps its outputs and fails with <see cref="Solving.OdeStatus.GradientMemoryLimitExceeded"/>
/// (see <see cref="Ensembles.EnsembleSolver{T, TDynamics}"/>); the trajectories whose steps were all recorded
/// keep their gradients.</para>
/// </remarks>
internal sealed class LaneCheckpointLog<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Width = 8;
    private const int NotLinked = int.MinValue;

    /// <summary>Lane groups of eight whose slots one log interleaves (the engine steps two groups side by side);
    /// a lane's number in <see cref="Link"/> and <see cref="LastOnLane"/> is group·8 + lane.</summary>
    public const int Groups = 2;

    private readonly int _stride;
    private int _first;
    private long _mostSlots;
    private int _usable; // slots TryAppend may fill before it must grow: min(allocated, the budget's slots)
    private readonly int[] _previous; // per trajectory of the chunk: the one its lane ran before (-1: none), or NotLinked
    private readonly int[] _lastOnLane = new int[Groups * Width];
    // The slots, from byte _slotsOffset of a pinned array one vector longer than they need: the offset puts slot 0 on a
    // cache line (AlignedVectors: a Vector512 off a line boundary costs every load and store two lines), and pinning
    // keeps it there (the scheme of every aligned buffer of the lane code).
    private Vector512<T>[] _slots = [];
    private nuint _slotsOffset;
    private uint[] _masks = [];

    /// <summary>An empty log for trajectories [first, first + trajectories) of state size n, holding at most
    /// <paramref name="budgetBytes"/>.</summary>
    public LaneCheckpointLog(int stateSize, int first, int trajectories, long budgetBytes)
    {
        _stride = 2 + stateSize;
        _first = first;
        _previous = new int[trajectories];
        _mostSlots = MostSlots(budgetBytes);
        Reset();
    }

    /// <summary>
    /// Takes the next chunk, trajectories [first, first + trajectories), under its own budget, keeping the arrays: a
    /// solve-and-gradient by chunks (<see cref="Ensembles.EnsembleSolver{T, TDynamics}"/>) reuses one log per worker
    /// for every chunk that worker takes. The budget binds exactly as a log made for that chunk alone (slots past
    /// it are not recorded, whatever the log allocated for an earlier chunk).
    /// </summary>
    public void Reuse(int first, int trajectories, long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trajectories, _previous.Length, nameof(trajectories));
        _first = first;
        _mostSlots = MostSlots(budgetBytes);
        Reset();
    }

    /// <summary>Grows the arrays to at least <paramref name="slots"/>, past the current chunk's budget if need be (the
    /// next chunk's may be larger), so that a later chunk needing that many allocates nothing: an ensemble sizes every
    /// worker's log to the largest any worker needed. What TryAppend may record stays bound by the budget.</summary>
    public void EnsureCapacity(int slots)
    {
        long most = _mostSlots;
        _mostSlots = Math.Max(_mostSlots, slots); // growing past the current chunk's budget is allowed here only
        while (_masks.Length < slots && TryGrow()) { }
        _mostSlots = most;
        _usable = (int)Math.Min(_masks.Length, _mostSlots);
    }

    /// <summary>Slots allocated.</summary>
    public int Capacity => _masks.Length;

    private long MostSlots(long budgetBytes) => Math.Min(budgetBytes / BytesPerSlot(_stride - 2), (Array.MaxLength - 1) / _stride);

    /// <summary>Bytes one slot takes: t, h and n state vectors of eight lanes, and its masks.</summary>
    public static long BytesPerSlot(int stateSize) => (2L + stateSize) * Unsafe.SizeOf<Vector512<T>>() + sizeof(uint);

    /// <summary>Slots written since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes the log has allocated.</summary>
    public long AllocatedBytes => (long)_masks.Length * BytesPerSlot(_stride - 2);

    /// <summary>Forgets the last solve (keeps the arrays).</summary>
    public void Reset()
    {
        Count = 0;
        _usable = (int)Math.Min(_masks.Length, _mostSlots);
        Array.Fill(_previous, NotLinked);
        Array.Fill(_lastOnLane, -1);
    }

    /// <summary>
    /// Appends a slot: the lanes' step start times, step sizes and states, and the masks; false (writing nothing)
    /// when the log is full and may not grow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAppend(Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<T>> z, uint accepted, uint first, uint landed,
        int group = 0)
    {
        if (Count == _usable && !TryGrow()) return false;
        Span<Vector512<T>> slot = SlotSpan(Count);
        slot[0] = t.As<double, T>();
        slot[1] = h.As<double, T>();
        // Whole-vector stores: CopyTo went through a Memmove call for these few vectors on every step.
        for (int j = 0; j < z.Length; j++) slot[2 + j] = z[j];
        _masks[Count] = accepted | first << Width | landed << (2 * Width) | (uint)group << (3 * Width);
        Count++;
        return true;
    }

    /// <summary>Trajectory b took its first step in lane <paramref name="lane"/> (group·8 + lane; in the slot just appended).</summary>
    public void Link(int b, int lane)
    {
        _previous[b - _first] = _lastOnLane[lane];
        _lastOnLane[lane] = b;
    }

    /// <summary>Whether trajectory b's first step is in the log (only those are differentiable).</summary>
    public bool IsLinked(int b) => _previous[b - _first] != NotLinked;

    /// <summary>The trajectory b's lane ran before b, or −1.</summary>
    public int PreviousOnLane(int b) => _previous[b - _first];

    /// <summary>The last trajectory whose first step lane <paramref name="lane"/> (group·8 + lane) recorded, or −1.</summary>
    public int LastOnLane(int lane) => _lastOnLane[lane];

    /// <summary>Slot s: t, h, then the n state vectors.</summary>
    public ReadOnlySpan<Vector512<T>> Slot(int s)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)s, (uint)Count, nameof(s));
        return SlotSpan(s);
    }

    /// <summary>
    /// Asks the cache for slot s (ignored when s is out of range or the CPU has no prefetch instruction). The backward
    /// sweep reads the log once, from the last slot down, a few hundred bytes per slot: without this, the first touch
    /// of each slot waited for memory in the middle of the sweep's dependency chain (RESULTS.md §8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int s)
    {
        if (!Sse.IsSupported || (uint)s >= (uint)Count) return;
        byte* line = (byte*)Unsafe.AsPointer(ref SlotSpan(s)[0]); // pinned: the address holds
        for (int offset = 0; offset < _stride * AlignedVectors.Alignment; offset += AlignedVectors.Alignment) Sse.Prefetch0(line + offset);
    }

    /// <summary>Slot s of the allocated ones (s &lt; capacity, checked by the callers), on its cache line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<Vector512<T>> SlotSpan(int s)
    {
        ref byte first = ref Unsafe.AddByteOffset(ref Unsafe.As<Vector512<T>, byte>(ref MemoryMarshal.GetArrayDataReference(_slots)), _slotsOffset);
        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref Unsafe.As<byte, Vector512<T>>(ref first), (nint)s * _stride), _stride);
    }

    /// <summary>Lanes whose step in slot s was accepted (bits 0–7), was their trajectory's first (bits 8–15),
    /// landed on an output time (bits 16–23); the group the slot belongs to above them (bits 24–).</summary>
    public uint Masks(int s) => _masks[s];

    /// <summary>The lane group whose step slot s holds.</summary>
    public int Group(int s) => (int)(_masks[s] >> (3 * Width));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryGrow()
    {
        long capacity = Math.Min(Math.Max(2L * _masks.Length, 64), _mostSlots);
        if (capacity <= _masks.Length) return false;
        _usable = (int)capacity;
        Vector512<T>[] slots = AlignedVectors.AllocateUninitialized<T>((int)capacity * _stride + 1);
        nuint offset = AlignedVectors.AlignmentOffset(slots);
        if (Count > 0)
            AlignedVectors.ViewAt(_slots, _slotsOffset, Count * _stride).CopyTo(AlignedVectors.ViewAt(slots, offset, Count * _stride));
        (_slots, _slotsOffset) = (slots, offset);
        Array.Resize(ref _masks, (int)capacity);
        return true;
    }
}
