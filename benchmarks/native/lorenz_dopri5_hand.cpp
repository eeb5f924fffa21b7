// Hand-written scalar C++ comparator for the single-trajectory Lorenz benchmark: one Lorenz-63 trajectory,
// t in [0, 1], Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, float64. The seven stages are written out with
// their literal coefficients and f is inlined, so this is what a careful programmer writes by hand for n = 3,
// not a loop over a zero-padded tableau (that is lorenz_aca.cpp, kept as the generic column).
//
// The algorithm is the C# engine's (src/AcaKernels: Solving/Integrator.cs, Control/*.cs), step for step:
// Hairer's initial step; the RMS error norm with sc = atol + rtol·max(|z|, |zNew|); the PI controller
// (safety 0.9, factors in [0.2, 10], β₁ = 0.7, β₂ = 0.4, k = 5, previous error floored at 1e-4, one log and one
// exp per accepted step); the last step clipped to land on t = 1 and its shortened length not allowed to shrink
// the next proposal; FSAL; ACA checkpoints (t, h, z) in storage allocated once; the backward pass replays each
// accepted step from its checkpoint and pulls the adjoint back through the stages with hand-written VJPs.
// Sums run in the same order as the C# stepper (ascending stage index, zero coefficients skipped; each starts
// from its first product where the C# rule adds it to 0, which differs only in the sign of a zero), so the step
// counts and the gradient agree with the C# engine; g++ contracts a·b + c into FMAs where .NET does not, so
// the last bits may differ (the gradient agrees to ~12 digits, the step counts exactly). compare.sh also builds
// it with -ffp-contract=off, the arithmetic .NET does.
//
// What the C# engine does and this does not: Hairer's stiffness test after each accepted step, the status and
// statistics bookkeeping, and ∂L/∂t₀, ∂L/∂t_end (the C# backward takes the generic step VJP with time terms for
// the last step). Those are part of the C# cost being measured.
#include <cstdio>

#include "lorenz_dopri5_scalar.hpp"
#include "timing.hpp"

using namespace lorenz;

int main() {
  // Read through volatile so the compiler cannot specialise solve() for these constants (the C# engine gets
  // z0, θ and the output times at run time too).
  volatile double inputs[8] = {1, 1, 1, 10, 28, 8.0 / 3, 0, 1};
  const V3 z0{inputs[0], inputs[1], inputs[2]};
  const Params p{inputs[3], inputs[4], inputs[5]};
  const double t0 = inputs[6], t1 = inputs[7];
  Checkpoints cp(4096);
  V3 zEnd{}, gz0{};
  Params gp{};
  volatile double sink = 0;

  Counts counts = solve<true>(z0, p, t0, t1, cp, zEnd);
  gz0 = backward(cp, p, {1, 1, 1}, gp);
  std::printf("steps %d accepted, %d rejected, z(1) = (%.12f, %.12f, %.12f)\n", counts.accepted, counts.rejected,
              zEnd.x, zEnd.y, zEnd.z);
  std::printf("dL/dz0 = (%.12f, %.12f, %.12f), dL/dtheta = (%.12f, %.12f, %.12f)\n", gz0.x, gz0.y, gz0.z, gp.sigma,
              gp.rho, gp.beta);

  timing::report("forward", counts.accepted, [&] {
    solve<false>(z0, p, t0, t1, cp, zEnd);
    sink = sink + zEnd.x;
  });
  timing::report("forward + ACA gradient", counts.accepted, [&] {
    solve<true>(z0, p, t0, t1, cp, zEnd);
    gz0 = backward(cp, p, {1, 1, 1}, gp);
    sink = sink + gp.sigma;
  });
  return 0;
}
