using AcaKernels.Experiments.ThreeBody;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// The physics-plus-network model: the known Newtonian gravity with the masses as parameters, plus an unknown
/// force field learned by a small tanh MLP of a body's position, the same field for every body:
/// dv_i/dt = Newton(m, r) + W₂ tanh(W₁ r_i + b₁) + b₂. The generator emits <c>HybridThreeBodyDynamics.RhsOde</c>
/// (forward, VJP and fused steps of the whole model, network included).
/// </summary>
/// <remarks>The parameter layout is <see cref="ForceNetwork"/>'s: masses (3), W₁ (H×3, row-major), b₁ (H),
/// W₂ (3×H), b₂ (3), with H = <see cref="ForceNetwork.Hidden"/>. The network sees positions only, so it can learn
/// a field of force, not a drag; the cloud of <see cref="CloudThreeBodyDynamics"/> is such a field.</remarks>
public static partial class HybridThreeBodyDynamics
{
    private const int H = ForceNetwork.Hidden;

    /// <summary>The right-hand side.</summary>
    [OdeDynamics(18, ForceNetwork.ParameterCount)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        NewtonianGravity.Write(z, p, dz);
        Span<double> hidden = stackalloc double[H];
        for (int body = 0; body < 3; body++)
        {
            for (int h = 0; h < H; h++)
            {
                double sum = p[ForceNetwork.B1 + h];
                for (int c = 0; c < 3; c++) sum += p[ForceNetwork.W1 + 3 * h + c] * z[3 * body + c];
                hidden[h] = Math.Tanh(sum);
            }
            for (int d = 0; d < 3; d++)
            {
                double force = p[ForceNetwork.B2 + d];
                for (int h = 0; h < H; h++) force += p[ForceNetwork.W2 + H * d + h] * hidden[h];
                dz[9 + 3 * body + d] += force;
            }
        }
    }
}
