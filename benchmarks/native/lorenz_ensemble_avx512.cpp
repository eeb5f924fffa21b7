// Hand-tuned AVX-512 C++ comparator for the ensemble engine: B = 65 536 Lorenz-63 trajectories, t in [0, 1],
// Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, float64, shared θ = (10, 28, 8/3), forward and forward + ACA
// gradient of L = Σ_b Σ_j z_b,j(1) (seeds ∂L/∂z_b(1) = 1), on one core.
//
// Each trajectory runs the C# engine's algorithm (lorenz_dopri5_scalar.hpp, which says how it matches
// src/AcaKernels/Solving/Integrator.cs): Hairer's initial step, the RMS error norm, the PI controller, clipping to
// t = 1, FSAL, one checkpoint (t, h, z) per accepted step, and the ACA backward sweep (replay + hand-written step
// VJP). Here one AVX-512 lane holds one trajectory, struct-of-arrays: a lane engine of W = 8·G lanes (G groups of
// eight, interleaved instruction by instruction, see simd_lanes.hpp) takes a trial step in every lane at once,
// accepts or rejects per lane with masks, and refills a lane whose trajectory reached t = 1 with the next
// trajectory, so lanes do not idle until the last W trajectories run out.
//
// Checkpoints are laid out [lane-step][component][lane]: the k-th trial step of the engine writes slot k (t, h, z
// of all W lanes, whole vectors) and two lane masks (accepted; first step of a trajectory). A rejected lane's
// entry is written too and ignored, which costs a slot's worth of memory per rejection but no gathers. The
// backward sweep walks the slots from the last: each accepted lane replays its step and pulls its adjoint back
// through the stages; where a trajectory's first step is passed, its ∂L/∂z₀ is written and the lane's adjoint is
// reset to the seed of the trajectory the lane ran before it. ∂L/∂θ accumulates per lane and is summed at the end.
//
// Initial states: z0_b = (1 + (b mod 101)/100, 1 + (b mod 103)/100, 1 + (b mod 107)/100), so trajectory 0 is the
// single-trajectory benchmark's (1, 1, 1) and all 65 536 differ (101·103·107 > 65 536). The C# side
// (benchmarks/AcaKernels.Benchmarks/EnsembleSetup.cs) uses the same formula.
//
// What differs from the scalar code, by design: exp, log and pow are glibc's 8-lane libmvec versions (within 4 ulp
// of the scalar ones), and the squared error norm is formed over one division (see step()), so a step size may
// differ in its last bits and, rarely, a trajectory's step count by one; ∂L/∂θ is summed per lane, then over
// lanes, not in trajectory order. The program checks every trajectory against
// the scalar code at start and prints how many step counts differ and the largest differences of z(1) and ∂L/∂z₀.
// Not done (as in lorenz_dopri5_hand.cpp): the stiffness test, failure statuses (no step limit either: the inputs
// are fixed and every trajectory finishes), ∂L/∂t.
//
// Build: g++ -std=c++17 -O3 -march=native lorenz_ensemble_avx512.cpp -lmvec (clang++ works too; g++ 12 was faster
// here). Run: ./a.out [G] [--no-check] [--repetitions N]; G = lane groups of 8, 1..3, default 2 (the fastest here).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "checkpoint_log.hpp"
#include "lorenz_dopri5_scalar.hpp"
#include "simd_lanes.hpp"
#include "timing.hpp"

namespace {

constexpr int kTrajectories = 65536;
constexpr double kT0 = 0, kT1 = 1;

lorenz::V3 initialState(int b) { return {1 + (b % 101) / 100.0, 1 + (b % 103) / 100.0, 1 + (b % 107) / 100.0}; }

// Per-trajectory results, in trajectory order.
struct Results {
  std::vector<double> zEnd, gradZ0;  // 3 per trajectory
  std::vector<int> accepted, rejected;
  double gradTheta[3] = {0, 0, 0};
  long totalAccepted() const {
    long s = 0;
    for (int a : accepted) s += a;
    return s;
  }
  explicit Results(int b) : zEnd(3 * b), gradZ0(3 * b), accepted(b), rejected(b) {}
};

template <int G>
class Engine {
 public:
  static constexpr int W = 8 * G;
  using L = simd::Lanes<G>;
  using M = simd::Masks<G>;
  using V3 = simd::V3<G>;

  Engine(const std::vector<double>& z0, lorenz::Params p, Results& out)
      : z0_(z0), p_(p), out_(out), previousOnLane_(z0.size() / 3) {}
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Solves every trajectory; with Record, keeps the checkpoints for gradient().
  template <bool Record>
  void solve() {
    State s;
    std::memset(static_cast<void*>(&s), 0, sizeof s);
    next_ = 0;
    log_.clear();
    for (int l = 0; l < W; l++) lastOnLane_[l] = -1;
    M all;
    for (int g = 0; g < G; g++) all.m[g] = 0xFF;
    refill(s, all);
    while (s.active.any()) {
      if (Record && log_.full()) log_.grow();
      M done = step<Record>(s);
      if (done.any()) finish(s, done);
    }
    if (Record) _mm_sfence();  // the streamed checkpoints are visible to whatever reads them next
  }

  // The ACA backward sweep over the last recorded solve, seeds ∂L/∂z(1) = 1.
  void gradient() {
    const V3 seed{L::broadcast(1), L::broadcast(1), L::broadcast(1)};
    V3 a = seed, gp{L::broadcast(0), L::broadcast(0), L::broadcast(0)};
    int current[W];
    for (int l = 0; l < W; l++) current[l] = lastOnLane_[l];
    for (long k = log_.size() - 1; k >= 0; k--) {
      const Slot& slot = log_.slot(k);
      const M accepted = log_.masks(k).accepted, first = log_.masks(k).first;
      V3 gpStep;
      V3 aIn = stepVjp(L::load(slot.h), V3{L::load(slot.x), L::load(slot.y), L::load(slot.z)}, a, gpStep);
      a = simd::select(accepted, aIn, a);
      gp += simd::select(accepted, gpStep, V3{L::broadcast(0), L::broadcast(0), L::broadcast(0)});
      if (first.any()) endTrajectories(first, a, current);
    }
    double* g = out_.gradTheta;
    g[0] = g[1] = g[2] = 0;
    for (int l = 0; l < W; l++) {
      g[0] += gp.x.lane(l);
      g[1] += gp.y.lane(l);
      g[2] += gp.z.lane(l);
    }
  }

 private:
  // What each lane carries from one trial step to the next.
  struct State {
    L t, h, logPrevious, accepted, rejected;  // step counts as doubles: one masked add per step
    V3 z, k1;                                 // k1 = f(z): FSAL
    M active, fresh;                          // fresh: no step of the lane's trajectory accepted yet
    int trajectory[W];
  };
  struct alignas(64) Slot {
    double t[W], h[W], x[W], y[W], z[W];
  };
  struct SlotMasks {
    M accepted, first;
  };

  // f in lanes; a template so that refill() can start one group of 8 (K = 1) without touching the others.
  template <int K>
  SIMD_INLINE simd::V3<K> f(const simd::V3<K>& u) const {
    return {p_.sigma * (u.y - u.x), u.x * (p_.rho - u.z) - u.y, u.x * u.y - p_.beta * u.z};
  }

  // v^T ∂f/∂u at u, returned; v^T ∂f/∂p added to gp (σ, ρ, β in x, y, z).
  SIMD_INLINE V3 vjp(const V3& u, const V3& v, V3& gp) const {
    gp.x += (u.y - u.x) * v.x;
    gp.y += u.x * v.y;
    gp.z += -u.z * v.z;
    return {-p_.sigma * v.x + (p_.rho - u.z) * v.y + u.y * v.z, p_.sigma * v.x - v.y + u.x * v.z, -u.x * v.y - p_.beta * v.z};
  }

  template <int K>
  SIMD_INLINE static simd::Lanes<K> scale(simd::Lanes<K> z) {
    return lorenz::kAtol + lorenz::kRtol * simd::abs(z);
  }
  SIMD_INLINE static L scale(L z, L zNew) { return lorenz::kAtol + lorenz::kRtol * simd::max(simd::abs(z), simd::abs(zNew)); }
  template <int K>
  SIMD_INLINE static simd::Lanes<K> clamp(simd::Lanes<K> x, double lo, double hi) {
    return simd::min(simd::max(x, simd::Lanes<K>::broadcast(lo)), simd::Lanes<K>::broadcast(hi));
  }

  // lorenz::initialStep in lanes.
  template <int K>
  SIMD_INLINE simd::Lanes<K> initialStep(const simd::V3<K>& z, const simd::V3<K>& k0) const {
    using namespace lorenz;
    using L = simd::Lanes<K>;
    using V3 = simd::V3<K>;
    L sx = scale(z.x), sy = scale(z.y), sz = scale(z.z);
    L d0x = z.x / sx, d0y = z.y / sy, d0z = z.z / sz, d1x = k0.x / sx, d1y = k0.y / sy, d1z = k0.z / sz;
    L d0 = simd::sqrt((d0x * d0x + d0y * d0y + d0z * d0z) / 3.0), d1 = simd::sqrt((d1x * d1x + d1y * d1y + d1z * d1z) / 3.0);
    L tiny = L::broadcast(1e-5);
    L h0 = simd::select(simd::less(d0, tiny) | simd::less(d1, tiny), L::broadcast(1e-6), 0.01 * d0 / d1);
    V3 k1 = f(z + h0 * k0);
    L d2x = (k1.x - k0.x) / sx, d2y = (k1.y - k0.y) / sy, d2z = (k1.z - k0.z) / sz;
    L d2 = simd::sqrt((d2x * d2x + d2y * d2y + d2z * d2z) / 3.0) / h0;
    L dMax = simd::max(d1, d2);
    L h1 = simd::select(simd::lessOrEqual(dMax, L::broadcast(1e-15)), simd::max(L::broadcast(1e-6), h0 * 1e-3),
                        simd::pow(0.01 / dMax, 1.0 / kOrder));
    L h = simd::select(simd::less(100.0 * h0, h1), 100.0 * h0, h1);
    return simd::select(simd::isFinite(h) & simd::less(L::broadcast(0), h), h, L::broadcast(1e-6));
  }

  // One trial step in every lane; returns the lanes whose trajectory reached t1 with this step.
  template <bool Record>
  SIMD_INLINE M step(State& s) {
    using namespace lorenz;
    const L t = s.t, h = s.h, t1 = L::broadcast(kT1);
    const V3 z = s.z, k1 = s.k1;
    // As StepRule.StepToTry: land on t1 when the step reaches it or ends short of it by at most 1e-4·h (rounding).
    const M clipped = simd::greaterOrEqual(t + h - t1, simd::abs(h) * L::broadcast(-1e-4));
    const L hTry = simd::select(clipped, t1 - t, (t + h) - t);
    const V3 k2 = f(z + hTry * (a21 * k1));
    const V3 k3 = f(z + hTry * (a31 * k1 + a32 * k2));
    const V3 k4 = f(z + hTry * (a41 * k1 + a42 * k2 + a43 * k3));
    const V3 k5 = f(z + hTry * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4));
    const V3 k6 = f(z + hTry * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5));
    const V3 zNew = z + hTry * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
    const V3 k7 = f(zNew);
    const V3 e = hTry * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
    // The squared RMS norm err² = Σ (e_j/sc_j)² / 3 over one division: (e_x·sc_y·sc_z)² + … over 3·(sc_x·sc_y·sc_z)².
    // The divider is the bottleneck of the scalar form (three divisions, a division by 3 and a square root per
    // step, 16-20 cycles each per 8 lanes); this one rounds differently in the last bits, which the check below
    // shows does not change a step count. sc ≥ atol = 1e-8, so the product cannot underflow; it overflows only
    // for |z| beyond 1e100.
    const L sx = scale(z.x, zNew.x), sy = scale(z.y, zNew.y), sz = scale(z.z, zNew.z);
    const L sxy = sx * sy, sxyz = sxy * sz;
    const L ex = e.x * (sy * sz), ey = e.y * (sx * sz), ez = e.z * sxy;
    const L err2 = (ex * ex + ey * ey + ez * ez) / (3.0 * (sxyz * sxyz));

    const M accept = simd::lessOrEqual(err2, L::broadcast(1)) & s.active, reject = ~accept & s.active;
    if (Record) {
      const long k = log_.append();
      Slot& slot = log_.slot(k);
      t.stream(slot.t);
      hTry.stream(slot.h);
      z.x.stream(slot.x);
      z.y.stream(slot.y);
      z.z.stream(slot.z);
      log_.masks(k) = {accept, accept & s.fresh};
    }
    s.fresh = s.fresh & ~accept;

    // Controller: accepted lanes by the PI rule from logs, rejected ones by err^(-1/k); h for the next trial.
    const L logError = 0.5 * simd::log(err2);
    const L acceptFactor = simd::select(
        simd::equal(err2, L::broadcast(0)), L::broadcast(kMaxFactor),
        clamp(kSafety * simd::exp((kBeta2 * s.logPrevious - kBeta1 * logError) * (1 / kOrder)), kMinFactor, kMaxFactor));
    s.logPrevious = simd::select(accept, simd::max(logError, L::broadcast(std::log(1e-4))), s.logPrevious);
    L hNext = hTry * acceptFactor;
    // A step shortened to land on t1 says nothing about the step the error allows.
    hNext = simd::select(clipped & simd::less(simd::abs(hNext), simd::abs(h)), h, hNext);
    L hRejected = hTry;
    if (reject.any()) {
      const L rejectFactor = simd::select(simd::isFinite(err2), clamp(kSafety * simd::pow(err2, -0.5 / kOrder), kMinFactor, 1),
                                          L::broadcast(kMinFactor));
      hRejected = hTry * rejectFactor;
      s.rejected = s.rejected + simd::select(reject, L::broadcast(1), L::broadcast(0));
    }
    s.h = simd::select(accept, simd::abs(hNext), hRejected);

    const L tNext = simd::select(clipped, t1, t + hTry);
    // FSAL: k7 = f(t + h, zNew), unless clipping moved t by rounding (then f is evaluated again, as the C# engine).
    const M reevaluate = accept & ~simd::equal(tNext, t + hTry);
    s.k1 = simd::select(accept, reevaluate.any() ? simd::select(reevaluate, f(zNew), k7) : k7, k1);
    s.z = simd::select(accept, zNew, z);
    s.t = simd::select(accept, tNext, t);
    s.accepted = s.accepted + simd::select(accept, L::broadcast(1), L::broadcast(0));
    return accept & clipped;
  }

  // Replays one DOPRI5 step from (h, z) and pulls the adjoint a of its result back to its start; ∂L/∂θ of the
  // step into gp (overwritten). Stage 7 (FSAL) does not reach zNew and is skipped, as in the C# engine.
  SIMD_INLINE V3 stepVjp(L h, const V3& z, const V3& a, V3& gp) const {
    using namespace lorenz;
    const V3 zero{L::broadcast(0), L::broadcast(0), L::broadcast(0)};
    gp = zero;
    const V3 y1 = z, k1 = f(y1);
    const V3 y2 = z + h * (a21 * k1), k2 = f(y2);
    const V3 y3 = z + h * (a31 * k1 + a32 * k2), k3 = f(y3);
    const V3 y4 = z + h * (a41 * k1 + a42 * k2 + a43 * k3), k4 = f(y4);
    const V3 y5 = z + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4), k5 = f(y5);
    const V3 y6 = z + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5);
    V3 kb1 = (h * b1) * a, kb2 = zero /* b₂ = 0 */, kb3 = (h * b3) * a, kb4 = (h * b4) * a, kb5 = (h * b5) * a;
    const V3 kb6 = (h * b6) * a;
    V3 aIn = a;
    V3 yb = vjp(y6, kb6, gp);
    aIn += yb;
    kb1 += (h * a61) * yb; kb2 += (h * a62) * yb; kb3 += (h * a63) * yb; kb4 += (h * a64) * yb; kb5 += (h * a65) * yb;
    yb = vjp(y5, kb5, gp);
    aIn += yb;
    kb1 += (h * a51) * yb; kb2 += (h * a52) * yb; kb3 += (h * a53) * yb; kb4 += (h * a54) * yb;
    yb = vjp(y4, kb4, gp);
    aIn += yb;
    kb1 += (h * a41) * yb; kb2 += (h * a42) * yb; kb3 += (h * a43) * yb;
    yb = vjp(y3, kb3, gp);
    aIn += yb;
    kb1 += (h * a31) * yb; kb2 += (h * a32) * yb;
    yb = vjp(y2, kb2, gp);
    aIn += yb;
    kb1 += (h * a21) * yb;
    aIn += vjp(y1, kb1, gp);
    return aIn;
  }

  // Lanes whose trajectory ended: write z(1) and the step counts, give them the next trajectories (or retire
  // them when none are left) and start those: k1 = f(z0), Hairer's initial step, in lanes.
  __attribute__((noinline)) void finish(State& s, M done) {
    for (int l = 0; l < W; l++) {
      if (!(done.m[l / 8] >> (l % 8) & 1)) continue;
      int j = s.trajectory[l];
      out_.zEnd[3 * j] = s.z.x.lane(l);
      out_.zEnd[3 * j + 1] = s.z.y.lane(l);
      out_.zEnd[3 * j + 2] = s.z.z.lane(l);
      out_.accepted[j] = static_cast<int>(s.accepted.lane(l));
      out_.rejected[j] = static_cast<int>(s.rejected.lane(l));
    }
    refill(s, done);
  }

  __attribute__((noinline)) void refill(State& s, M lanes) {
    const int b = static_cast<int>(z0_.size() / 3);
    M started;
    for (int g = 0; g < G; g++) started.m[g] = 0;
    for (int l = 0; l < W; l++) {
      const __mmask8 bit = static_cast<__mmask8>(1u << (l % 8));
      if (!(lanes.m[l / 8] & bit)) continue;
      if (next_ == b) {
        s.active.m[l / 8] &= static_cast<__mmask8>(~bit);
        continue;
      }
      const int j = next_++;
      s.trajectory[l] = j;
      previousOnLane_[j] = lastOnLane_[l];
      lastOnLane_[l] = j;
      s.z.x.setLane(l, z0_[3 * j]);
      s.z.y.setLane(l, z0_[3 * j + 1]);
      s.z.z.setLane(l, z0_[3 * j + 2]);
      started.m[l / 8] |= bit;
    }
    // Start the new trajectories group by group, only in groups that have one (usually one lane of one group).
    for (int g = 0; g < G; g++) {
      const __mmask8 m = started.m[g];
      if (!m) continue;
      const simd::V3<1> z{{s.z.x.v[g]}, {s.z.y.v[g]}, {s.z.z.v[g]}}, k1 = f(z);
      const __m512d h = initialStep(z, k1).v[0], zero = _mm512_setzero_pd();
      s.k1.x.v[g] = _mm512_mask_blend_pd(m, s.k1.x.v[g], k1.x.v[0]);
      s.k1.y.v[g] = _mm512_mask_blend_pd(m, s.k1.y.v[g], k1.y.v[0]);
      s.k1.z.v[g] = _mm512_mask_blend_pd(m, s.k1.z.v[g], k1.z.v[0]);
      s.h.v[g] = _mm512_mask_blend_pd(m, s.h.v[g], h);
      s.t.v[g] = _mm512_mask_blend_pd(m, s.t.v[g], _mm512_set1_pd(kT0));
      s.logPrevious.v[g] = _mm512_mask_blend_pd(m, s.logPrevious.v[g], zero);
      s.accepted.v[g] = _mm512_mask_blend_pd(m, s.accepted.v[g], zero);
      s.rejected.v[g] = _mm512_mask_blend_pd(m, s.rejected.v[g], zero);
    }
    s.fresh = s.fresh | started;
    s.active = s.active | started;
  }

  // Backward: lanes that just passed their trajectory's first step hold its ∂L/∂z₀; the lane continues with the
  // trajectory it ran before, from the seed.
  __attribute__((noinline)) void endTrajectories(M first, V3& a, int* current) {
    for (int l = 0; l < W; l++) {
      if (!(first.m[l / 8] >> (l % 8) & 1)) continue;
      int j = current[l];
      out_.gradZ0[3 * j] = a.x.lane(l);
      out_.gradZ0[3 * j + 1] = a.y.lane(l);
      out_.gradZ0[3 * j + 2] = a.z.lane(l);
      a.x.setLane(l, 1);
      a.y.setLane(l, 1);
      a.z.setLane(l, 1);
      current[l] = previousOnLane_[j];
    }
  }

  const std::vector<double>& z0_;
  const lorenz::Params p_;
  Results& out_;
  std::vector<int> previousOnLane_;  // per trajectory: the one its lane ran before it, or -1
  int lastOnLane_[W] = {};
  int next_ = 0;
  CheckpointLog<Slot, SlotMasks> log_{1 << 16};
};

// Every trajectory by the scalar code, and how far the lanes' results are from it.
void checkAgainstScalar(const std::vector<double>& z0, lorenz::Params p, const Results& lanes) {
  const int b = static_cast<int>(z0.size() / 3);
  lorenz::Checkpoints cp(1 << 16);
  int acceptedDiffer = 0, rejectedDiffer = 0;
  double zDiff = 0, gradDiff = 0, gradTheta[3] = {0, 0, 0};
  for (int j = 0; j < b; j++) {
    lorenz::V3 zEnd{}, start{z0[3 * j], z0[3 * j + 1], z0[3 * j + 2]};
    lorenz::Params gp{};
    lorenz::Counts c = lorenz::solve<true>(start, p, kT0, kT1, cp, zEnd);
    lorenz::V3 g = lorenz::backward(cp, p, {1, 1, 1}, gp);
    gradTheta[0] += gp.sigma;
    gradTheta[1] += gp.rho;
    gradTheta[2] += gp.beta;
    acceptedDiffer += c.accepted != lanes.accepted[j];
    rejectedDiffer += c.rejected != lanes.rejected[j];
    const double zs[3] = {zEnd.x, zEnd.y, zEnd.z}, gs[3] = {g.x, g.y, g.z};
    for (int i = 0; i < 3; i++) {
      // Relative to max(|x|, 1): the components cross zero, where a relative difference means nothing.
      zDiff = std::max(zDiff, std::fabs(lanes.zEnd[3 * j + i] - zs[i]) / std::max(std::fabs(zs[i]), 1.0));
      gradDiff = std::max(gradDiff, std::fabs(lanes.gradZ0[3 * j + i] - gs[i]) / std::max(std::fabs(gs[i]), 1.0));
    }
  }
  double thetaDiff = 0;
  for (int i = 0; i < 3; i++)
    thetaDiff = std::max(thetaDiff, std::fabs(lanes.gradTheta[i] - gradTheta[i]) / std::fabs(gradTheta[i]));
  std::printf(
      "check against the scalar code: step counts differ in %d (accepted) and %d (rejected) of %d trajectories; "
      "largest difference of z(1) %.1e, of dL/dz0 %.1e (relative to max(|x|, 1)), of dL/dtheta %.1e (relative)\n",
      acceptedDiffer, rejectedDiffer, b, zDiff, gradDiff, thetaDiff);
}

// The summary the C# side prints in the same format (benchmarks/ensemble-compare.sh compares the lines): sums in
// trajectory order, 10 significant digits (∂L/∂θ is summed in another order here, so its last digits may differ).
void printSummary(const Results& r) {
  long rejected = 0;
  double z[3] = {0, 0, 0}, g[3] = {0, 0, 0};
  for (size_t j = 0; j < r.accepted.size(); j++) {
    rejected += r.rejected[j];
    for (int i = 0; i < 3; i++) {
      z[i] += r.zEnd[3 * j + i];
      g[i] += r.gradZ0[3 * j + i];
    }
  }
  std::printf("%zu trajectories: %ld accepted, %ld rejected steps; sum of z(1) = (%.10g, %.10g, %.10g)\n",
              r.accepted.size(), r.totalAccepted(), rejected, z[0], z[1], z[2]);
  std::printf("sum of dL/dz0 = (%.10g, %.10g, %.10g), dL/dtheta = (%.10g, %.10g, %.10g)\n", g[0], g[1], g[2],
              r.gradTheta[0], r.gradTheta[1], r.gradTheta[2]);
}

template <int G>
void run(const std::vector<double>& z0, lorenz::Params p, bool check, int repetitions) {
  Results results(kTrajectories);
  Engine<G> engine(z0, p, results);
  engine.template solve<true>();
  engine.gradient();
  printSummary(results);
  if (check) checkAgainstScalar(z0, p, results);
  std::printf("lanes: %d (%d x 8)\n", 8 * G, G);
  const long steps = results.totalAccepted();
  volatile double sink = 0;
  constexpr int kRuns = 1;  // one run is 30-100 ms: long enough to time alone
  timing::report("forward", steps, [&] {
    engine.template solve<false>();
    sink = sink + results.zEnd[0];
  }, kRuns, repetitions, "accepted trajectory-step");
  timing::report("forward + ACA gradient", steps, [&] {
    engine.template solve<true>();
    engine.gradient();
    sink = sink + results.gradTheta[0];
  }, kRuns, repetitions, "accepted trajectory-step");
}

}  // namespace

int main(int argc, char** argv) {
  int groups = 2, repetitions = 15;
  bool check = true;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--no-check") == 0) check = false;
    else if (std::strcmp(argv[i], "--repetitions") == 0 && i + 1 < argc && std::atoi(argv[i + 1]) > 0)
      repetitions = std::atoi(argv[++i]);
    else if (argv[i][0] >= '1' && argv[i][0] <= '3' && argv[i][1] == 0) groups = argv[i][0] - '0';
    else {
      std::fprintf(stderr,
                   "usage: %s [1|2|3] [--no-check] [--repetitions N]: lane groups of 8 (default 2); --no-check skips "
                   "the comparison with the scalar code (about a second); N timed runs per measurement (default 15)\n",
                   argv[0]);
      return 2;
    }
  }
  // θ read through volatile, as in lorenz_dopri5_hand.cpp: the engine gets it at run time.
  volatile double theta[3] = {10, 28, 8.0 / 3};
  const lorenz::Params p{theta[0], theta[1], theta[2]};
  std::vector<double> z0(3 * kTrajectories);
  for (int j = 0; j < kTrajectories; j++) {
    lorenz::V3 s = initialState(j);
    z0[3 * j] = s.x;
    z0[3 * j + 1] = s.y;
    z0[3 * j + 2] = s.z;
  }
  if (groups == 1) run<1>(z0, p, check, repetitions);
  else if (groups == 2) run<2>(z0, p, check, repetitions);
  else run<3>(z0, p, check, repetitions);
  return 0;
}
