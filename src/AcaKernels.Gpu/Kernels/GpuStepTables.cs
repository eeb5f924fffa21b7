namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The 16-entry tables of the step spec's exp and log (<c>AcaKernels.Control.StepMath</c>), readable in a kernel:
/// ILGPU's kernels cannot read the spec's <c>ReadOnlySpan</c> tables (nor, by default, a static array), so each
/// table is a binary tree of compare-and-selects on the index's four bits over the same constants. A select, not a
/// switch: every thread of a warp runs the same 15 selects whatever its index (no divergent branches on a GPU).
/// </summary>
/// <remarks>The constants are copied digit for digit from StepMath (the round-trip decimal of each double, so the
/// same bits); a test compares every entry's exp and log against StepMath bit for bit.</remarks>
internal static class GpuStepTables
{
    /// <summary>2^(j/16), j = 0 … 15 (only the low 4 bits of j are read).</summary>
    public static double TwoToJOver16(int j) => Select(j,
        1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721, 1.241857812073484,
        1.2968395546510096, 1.3542555469368927, 1.4142135623730951, 1.4768261459394993, 1.5422108254079407,
        1.6104903319492543, 1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474);

    /// <summary>c_j = 1/(1 + (j + ½)/16) rounded, j = 0 … 15.</summary>
    public static double InverseCentre(int j) => Select(j,
        0.9696969696969697, 0.9142857142857143, 0.8648648648648649, 0.8205128205128205, 0.7804878048780488,
        0.7441860465116279, 0.7111111111111111, 0.6808510638297872, 0.6530612244897959, 0.6274509803921569,
        0.6037735849056604, 0.5818181818181818, 0.5614035087719298, 0.5423728813559322, 0.5245901639344263,
        0.5079365079365079);

    /// <summary>−ln c_j of the double c_j above, j = 0 … 15.</summary>
    public static double MinusLogInverseCentre(int j) => Select(j,
        0.03077165866675366, 0.08961215868968717, 0.14518200984449783, 0.19782574332991992, 0.2478361639045812,
        0.2954642128938359, 0.3409265869705932, 0.38441169891033206, 0.42608439531090014, 0.46608972992459924,
        0.5045560107523953, 0.5415972824327444, 0.5773153650348236, 0.6118015411059929, 0.6451379613735847,
        0.6773988235918061);

    /// <summary>c[j &amp; 15] by selects on bit 0, then 1, 2, 3 of j.</summary>
    private static double Select(int j, double c0, double c1, double c2, double c3, double c4, double c5, double c6, double c7,
        double c8, double c9, double c10, double c11, double c12, double c13, double c14, double c15)
    {
        bool b0 = (j & 1) != 0, b1 = (j & 2) != 0, b2 = (j & 4) != 0, b3 = (j & 8) != 0;
        double p0 = b0 ? c1 : c0, p1 = b0 ? c3 : c2, p2 = b0 ? c5 : c4, p3 = b0 ? c7 : c6;
        double p4 = b0 ? c9 : c8, p5 = b0 ? c11 : c10, p6 = b0 ? c13 : c12, p7 = b0 ? c15 : c14;
        double q0 = b1 ? p1 : p0, q1 = b1 ? p3 : p2, q2 = b1 ? p5 : p4, q3 = b1 ? p7 : p6;
        double s0 = b2 ? q1 : q0, s1 = b2 ? q3 : q2;
        return b3 ? s1 : s0;
    }
}
