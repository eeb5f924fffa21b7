// Hand-tuned AVX-512 C++ comparator for the three-body ensemble: B (default 16 384) planar three-body
// trajectories, gravitational constant 1, masses θ = (1, 1, 1) shared, t in [0, 6.3259] (one period of the
// figure-eight), Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, float64, forward and forward + ACA gradient of
// L = Σ_b Σ_j z_b,j(T) (seeds ∂L/∂z_b(T) = 1) on one core: the problem that
// `AcaKernels.Benchmarks --ensemble-target three-body lanes 1 REPS B` solves (benchmarks/AcaKernels.Benchmarks:
// EnsembleSetup.cs, GeneratedPlanarThreeBody.cs).
//
// The engine is lorenz_ensemble_avx512.cpp's (read that first: lanes, refills, checkpoint slots, the backward
// sweep and the controller are the same code with 12 components instead of 3); what is particular here:
//
// - State (x₀, y₀, x₁, y₁, x₂, y₂, then the velocities in that order). f copies the velocities into the position
//   rows and forms each pair's d = r_j − r_i and c = 1/|d|³ once: body i gets +m_j·c·d, body j gets −m_i·c·d.
// - c without the divider by default: rsqrt14 (14 bits) and two Newton steps (about 1 ulp), then c = y³, so the
//   18 square roots and 18 divisions of a trial step (per 8 lanes) cannot become the bottleneck. `--exact` forms c
//   by a square root and a division as the C# source does (same operations, for a compiler-only comparison). On the
//   Zen 4 this was written on the two time within ~2 % of each other (the FMA pipes bound the step: ~730 vector FP
//   ops per trial step), so the choice does not decide the comparison. Either way the step counts must equal the
//   C# run's (benchmarks/threebody-compare.sh checks); at B = 16 384 both print the C#'s summary digit for digit.
// - The step VJP by hand, pair by pair. With w the adjoint of the acceleration rows and g = m_j·w_i − m_i·w_j, the
//   pair's term of vᵀf is g·(c·d), so d̄ = c·g − 3·|d|⁻⁵·(g·d)·d (added to body j, subtracted from body i),
//   ∂/∂m_j += c·(w_i·d) and ∂/∂m_i −= c·(w_j·d); the position rows of f only pass the adjoint to the velocities.
//   The replay keeps each stage's (d, c, 3|d|⁻⁵), so the VJP evaluates no square root or division at all.
// - The error norm keeps the C#'s twelve divisions e_j/sc_j: with the rsqrt form the divider is otherwise idle,
//   so they overlap the FMA work (a one-division form, as in the Lorenz comparator, would add ~50 FMA-port ops).
//   Accept is Σ ≤ 12 (⟺ √(Σ/12) ≤ 1) and ln err = ½·ln Σ − ½·ln 12, as the C# lanes decide on the sum of squares.
// - Checkpoints hold h and z only (f is autonomous: the replay needs no t).
//
// Build: g++ -std=c++17 -O3 -march=native threebody_ensemble_avx512.cpp -lmvec.
// Run: ./a.out [1|2|3] [--exact] [--trajectories B] [--repetitions N]; 1-3 lane groups of 8. Default 1, unlike the
// Lorenz engine's 2: twelve components already give each stage 12 independent chains, and more groups only spill
// (forward + ACA 57 ns with one group, 84 with two, 93 with three, at load ~6).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "checkpoint_log.hpp"
#include "lorenz_dopri5_scalar.hpp"  // the Dopri5 tableau and controller constants, shared with the Lorenz comparators
#include "simd_lanes.hpp"
#include "timing.hpp"

namespace {

using namespace lorenz;  // a21…e7, kRtol, kAtol, kSafety, kMinFactor, kMaxFactor, kBeta1, kBeta2, kOrder

constexpr int N = 12;  // state size
constexpr double kT0 = 0, kT1 = 6.3259;
constexpr int kPairI[3] = {0, 0, 1}, kPairJ[3] = {1, 2, 2};

// EnsembleSetup.ThreeBodyInitialStates: the figure-eight with bodies 0 and 1 moved apart along x by (b mod 101)·1e-4.
std::vector<double> initialStates(int b) {
  static const double eight[N] = {-0.97000436, 0.24308753, 0.97000436, -0.24308753, 0, 0,
                                  0.466203685, 0.43236573, 0.466203685, 0.43236573, -0.93240737, -0.86473146};
  std::vector<double> z0(static_cast<size_t>(N) * b);
  for (int j = 0; j < b; j++) {
    std::memcpy(&z0[static_cast<size_t>(N) * j], eight, sizeof eight);
    const double delta = (j % 101) * 1e-4;
    z0[static_cast<size_t>(N) * j] -= delta;
    z0[static_cast<size_t>(N) * j + 2] += delta;
  }
  return z0;
}

struct Results {
  std::vector<double> zEnd, gradZ0;  // N per trajectory
  std::vector<int> accepted, rejected;
  double gradTheta[3] = {0, 0, 0};
  long totalAccepted() const {
    long s = 0;
    for (int a : accepted) s += a;
    return s;
  }
  explicit Results(int b) : zEnd(static_cast<size_t>(N) * b), gradZ0(static_cast<size_t>(N) * b), accepted(b), rejected(b) {}
};

// One pair's geometry at one stage: d = r_j − r_i, c = |d|⁻³ and 3|d|⁻⁵ (the latter for the VJP only).
template <int K>
struct Pair {
  simd::Lanes<K> dx, dy, c, c5x3;
};

template <int G, bool Exact>
class Engine {
 public:
  static constexpr int W = 8 * G;
  using L = simd::Lanes<G>;
  using M = simd::Masks<G>;

  Engine(const std::vector<double>& z0, const double* masses, Results& out)
      : z0_(z0), out_(out), previousOnLane_(z0.size() / N) {
    for (int i = 0; i < 3; i++) m_[i] = masses[i];
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

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
    if (Record) _mm_sfence();
  }

  // The ACA backward sweep over the last recorded solve, seeds ∂L/∂z(T) = 1.
  void gradient() {
    L a[N], gp[3];
    for (int j = 0; j < N; j++) a[j] = L::broadcast(1);
    for (int i = 0; i < 3; i++) gp[i] = L::broadcast(0);
    int current[W];
    for (int l = 0; l < W; l++) current[l] = lastOnLane_[l];
    for (long k = log_.size() - 1; k >= 0; k--) {
      const Slot& slot = log_.slot(k);
      const M accepted = log_.masks(k).accepted, first = log_.masks(k).first;
      L z[N], aIn[N], gpStep[3];
      for (int j = 0; j < N; j++) z[j] = L::load(slot.z[j]);
      stepVjp(L::load(slot.h), z, a, aIn, gpStep);
      for (int j = 0; j < N; j++) a[j] = simd::select(accepted, aIn[j], a[j]);
      for (int i = 0; i < 3; i++) gp[i] += simd::select(accepted, gpStep[i], L::broadcast(0));
      if (first.any()) endTrajectories(first, a, current);
    }
    for (int i = 0; i < 3; i++) {
      out_.gradTheta[i] = 0;
      for (int l = 0; l < W; l++) out_.gradTheta[i] += gp[i].lane(l);
    }
  }

 private:
  struct State {
    L t, h, logPrevious, accepted, rejected;
    L z[N], k1[N];  // k1 = f(z): FSAL
    M active, fresh;
    int trajectory[W];
  };
  struct alignas(64) Slot {
    double h[W], z[N][W];
  };
  struct SlotMasks {
    M accepted, first;
  };

  // |d|⁻³ (and 3|d|⁻⁵ with Vjp) from r² = |d|².
  template <int K, bool Vjp>
  SIMD_INLINE static void inverseCube(simd::Lanes<K> r2, simd::Lanes<K>& c, simd::Lanes<K>& c5x3) {
    using LK = simd::Lanes<K>;
    if constexpr (Exact) {
      const LK r = simd::sqrt(r2);
      c = 1.0 / (r * r * r);  // as the C# source: 1 / (r·r·r)
      if constexpr (Vjp) c5x3 = 3.0 * (c * c * r);
    } else {
      // y ≈ 1/√r² to 14 bits, then y ← y + ½·y·(1 − r²·y²) twice: 14 → 28 → ~53 bits, all on the FMA ports.
      LK y;
      // maskz with all lanes: as simd_lanes.hpp, without the undefined source g++ 12 warns about.
      for (int g = 0; g < K; g++) y.v[g] = _mm512_maskz_rsqrt14_pd(0xFF, r2.v[g]);
      for (int n = 0; n < 2; n++) {
        const LK e = 1.0 - (r2 * y) * y;
        y = y + (0.5 * y) * e;
      }
      const LK y2 = y * y;
      c = y2 * y;
      if constexpr (Vjp) c5x3 = 3.0 * (c * y2);
    }
  }

  template <int K, bool Vjp>
  SIMD_INLINE static void pairs(const simd::Lanes<K>* y, Pair<K>* p) {
    for (int q = 0; q < 3; q++) {
      const int i = kPairI[q], j = kPairJ[q];
      p[q].dx = y[2 * j] - y[2 * i];
      p[q].dy = y[2 * j + 1] - y[2 * i + 1];
      inverseCube<K, Vjp>(p[q].dx * p[q].dx + p[q].dy * p[q].dy, p[q].c, p[q].c5x3);
    }
  }

  // k = f(y) from y's pairs.
  template <int K>
  SIMD_INLINE void fFromPairs(const simd::Lanes<K>* y, const Pair<K>* p, simd::Lanes<K>* k) const {
    for (int j = 0; j < 6; j++) k[j] = y[6 + j];
    const simd::Lanes<K> x01 = p[0].c * p[0].dx, y01 = p[0].c * p[0].dy, x02 = p[1].c * p[1].dx, y02 = p[1].c * p[1].dy,
                         x12 = p[2].c * p[2].dx, y12 = p[2].c * p[2].dy;
    k[6] = m_[1] * x01 + m_[2] * x02;
    k[7] = m_[1] * y01 + m_[2] * y02;
    k[8] = m_[2] * x12 - m_[0] * x01;
    k[9] = m_[2] * y12 - m_[0] * y01;
    k[10] = -(m_[0] * x02 + m_[1] * x12);
    k[11] = -(m_[0] * y02 + m_[1] * y12);
  }

  template <int K>
  SIMD_INLINE void f(const simd::Lanes<K>* y, simd::Lanes<K>* k) const {
    Pair<K> p[3];
    pairs<K, false>(y, p);
    fFromPairs(y, p, k);
  }

  // yb = vᵀ∂f/∂y at the stage whose pairs are p; vᵀ∂f/∂m added to gp.
  SIMD_INLINE void vjp(const Pair<G>* p, const L* v, L* yb, L* gp) const {
    for (int j = 0; j < 6; j++) yb[6 + j] = v[j];
    for (int j = 0; j < 6; j++) yb[j] = L::broadcast(0);
    for (int q = 0; q < 3; q++) {
      const int i = kPairI[q], j = kPairJ[q];
      const L wix = v[6 + 2 * i], wiy = v[7 + 2 * i], wjx = v[6 + 2 * j], wjy = v[7 + 2 * j];
      const L si = wix * p[q].dx + wiy * p[q].dy, sj = wjx * p[q].dx + wjy * p[q].dy;
      gp[j] += p[q].c * si;
      gp[i] = gp[i] - p[q].c * sj;
      const L gx = m_[j] * wix - m_[i] * wjx, gy = m_[j] * wiy - m_[i] * wjy;
      const L s = p[q].c5x3 * (m_[j] * si - m_[i] * sj);
      const L dbx = p[q].c * gx - s * p[q].dx, dby = p[q].c * gy - s * p[q].dy;
      yb[2 * j] += dbx;
      yb[2 * j + 1] += dby;
      yb[2 * i] = yb[2 * i] - dbx;
      yb[2 * i + 1] = yb[2 * i + 1] - dby;
    }
  }

  template <int K>
  SIMD_INLINE static simd::Lanes<K> clamp(simd::Lanes<K> x, double lo, double hi) {
    return simd::min(simd::max(x, simd::Lanes<K>::broadcast(lo)), simd::Lanes<K>::broadcast(hi));
  }

  // Hairer's initial step in lanes (lorenz::initialStep with 12 components).
  template <int K>
  SIMD_INLINE simd::Lanes<K> initialStep(const simd::Lanes<K>* z, const simd::Lanes<K>* k0) const {
    using LK = simd::Lanes<K>;
    LK sc[N], d0 = LK::broadcast(0), d1 = LK::broadcast(0), d2 = LK::broadcast(0), probe[N], k1[N];
    for (int j = 0; j < N; j++) {
      sc[j] = kAtol + kRtol * simd::abs(z[j]);
      const LK a = z[j] / sc[j], b = k0[j] / sc[j];
      d0 += a * a;
      d1 += b * b;
    }
    d0 = simd::sqrt(d0 / double(N));
    d1 = simd::sqrt(d1 / double(N));
    const LK tiny = LK::broadcast(1e-5);
    const LK h0 = simd::select(simd::less(d0, tiny) | simd::less(d1, tiny), LK::broadcast(1e-6), 0.01 * d0 / d1);
    for (int j = 0; j < N; j++) probe[j] = z[j] + h0 * k0[j];
    f<K>(probe, k1);
    for (int j = 0; j < N; j++) {
      const LK b = (k1[j] - k0[j]) / sc[j];
      d2 += b * b;
    }
    d2 = simd::sqrt(d2 / double(N)) / h0;
    const LK dMax = simd::max(d1, d2);
    const LK h1 = simd::select(simd::lessOrEqual(dMax, LK::broadcast(1e-15)), simd::max(LK::broadcast(1e-6), h0 * 1e-3),
                               simd::pow(0.01 / dMax, 1.0 / kOrder));
    const LK h = simd::select(simd::less(100.0 * h0, h1), 100.0 * h0, h1);
    return simd::select(simd::isFinite(h) & simd::less(LK::broadcast(0), h), h, LK::broadcast(1e-6));
  }

  // One trial step in every lane (lorenz_ensemble_avx512.cpp's step with 12 components); returns the lanes whose
  // trajectory reached T with this step.
  template <bool Record>
  SIMD_INLINE M step(State& s) {
    const L t = s.t, h = s.h, t1 = L::broadcast(kT1);
    const L* z = s.z;
    const L* k1 = s.k1;
    const M clipped = simd::greaterOrEqual(t + h - t1, simd::abs(h) * L::broadcast(-1e-4));
    const L hTry = simd::select(clipped, t1 - t, (t + h) - t);
    L y[N], k2[N], k3[N], k4[N], k5[N], k6[N], k7[N], zNew[N];
    for (int j = 0; j < N; j++) y[j] = z[j] + hTry * (a21 * k1[j]);
    f<G>(y, k2);
    for (int j = 0; j < N; j++) y[j] = z[j] + hTry * (a31 * k1[j] + a32 * k2[j]);
    f<G>(y, k3);
    for (int j = 0; j < N; j++) y[j] = z[j] + hTry * (a41 * k1[j] + a42 * k2[j] + a43 * k3[j]);
    f<G>(y, k4);
    for (int j = 0; j < N; j++) y[j] = z[j] + hTry * (a51 * k1[j] + a52 * k2[j] + a53 * k3[j] + a54 * k4[j]);
    f<G>(y, k5);
    for (int j = 0; j < N; j++)
      y[j] = z[j] + hTry * (a61 * k1[j] + a62 * k2[j] + a63 * k3[j] + a64 * k4[j] + a65 * k5[j]);
    f<G>(y, k6);
    for (int j = 0; j < N; j++) zNew[j] = z[j] + hTry * (b1 * k1[j] + b3 * k3[j] + b4 * k4[j] + b5 * k5[j] + b6 * k6[j]);
    f<G>(zNew, k7);
    L sum = L::broadcast(0);
    for (int j = 0; j < N; j++) {
      const L e = hTry * (e1 * k1[j] + e3 * k3[j] + e4 * k4[j] + e5 * k5[j] + e6 * k6[j] + e7 * k7[j]);
      const L r = e / (kAtol + kRtol * simd::max(simd::abs(z[j]), simd::abs(zNew[j])));
      sum += r * r;
    }

    const M accept = simd::lessOrEqual(sum, L::broadcast(N)) & s.active, reject = ~accept & s.active;
    if (Record) {
      const long k = log_.append();
      Slot& slot = log_.slot(k);
      hTry.stream(slot.h);
      for (int j = 0; j < N; j++) z[j].stream(slot.z[j]);
      log_.masks(k) = {accept, accept & s.fresh};
    }
    s.fresh = s.fresh & ~accept;

    // The controller on ln err = ½·ln Σ − ½·ln 12; the rejected lanes' factor from the same log (err^(-1/k)).
    const L logError = 0.5 * simd::log(sum) + (-0.5 * std::log(double(N)));
    const L acceptFactor = simd::select(
        simd::equal(sum, L::broadcast(0)), L::broadcast(kMaxFactor),
        clamp(kSafety * simd::exp((kBeta2 * s.logPrevious - kBeta1 * logError) * (1 / kOrder)), kMinFactor, kMaxFactor));
    s.logPrevious = simd::select(accept, simd::max(logError, L::broadcast(std::log(1e-4))), s.logPrevious);
    L hNext = hTry * acceptFactor;
    hNext = simd::select(clipped & simd::less(simd::abs(hNext), simd::abs(h)), h, hNext);
    L hRejected = hTry;
    if (reject.any()) {
      const L rejectFactor = simd::select(simd::isFinite(sum),
                                          clamp(kSafety * simd::exp(logError * (-1.0 / kOrder)), kMinFactor, 1),
                                          L::broadcast(kMinFactor));
      hRejected = hTry * rejectFactor;
      s.rejected = s.rejected + simd::select(reject, L::broadcast(1), L::broadcast(0));
    }
    s.h = simd::select(accept, simd::abs(hNext), hRejected);

    const L tNext = simd::select(clipped, t1, t + hTry);
    // FSAL: k7 = f(zNew), unless clipping moved t by rounding (then f is evaluated again, as the C# engine).
    const M reevaluate = accept & ~simd::equal(tNext, t + hTry);
    if (reevaluate.any()) {
      L again[N];
      f<G>(zNew, again);
      for (int j = 0; j < N; j++) k7[j] = simd::select(reevaluate, again[j], k7[j]);
    }
    for (int j = 0; j < N; j++) {
      s.k1[j] = simd::select(accept, k7[j], k1[j]);
      s.z[j] = simd::select(accept, zNew[j], z[j]);
    }
    s.t = simd::select(accept, tNext, t);
    s.accepted = s.accepted + simd::select(accept, L::broadcast(1), L::broadcast(0));
    return accept & clipped;
  }

  // Replays one step from (h, z) and pulls a back to its start (aIn); the step's ∂L/∂m into gp (overwritten).
  // Stage 7 (FSAL) does not reach zNew and is skipped; stage 6 needs its pairs only (k6 is not read backwards).
  SIMD_INLINE void stepVjp(L h, const L* z, const L* a, L* aIn, L* gp) const {
    Pair<G> p1[3], p2[3], p3[3], p4[3], p5[3], p6[3];
    L y[N], k1[N], k2[N], k3[N], k4[N], k5[N];
    for (int i = 0; i < 3; i++) gp[i] = L::broadcast(0);
    pairs<G, true>(z, p1);
    fFromPairs(z, p1, k1);
    for (int j = 0; j < N; j++) y[j] = z[j] + h * (a21 * k1[j]);
    pairs<G, true>(y, p2);
    fFromPairs(y, p2, k2);
    for (int j = 0; j < N; j++) y[j] = z[j] + h * (a31 * k1[j] + a32 * k2[j]);
    pairs<G, true>(y, p3);
    fFromPairs(y, p3, k3);
    for (int j = 0; j < N; j++) y[j] = z[j] + h * (a41 * k1[j] + a42 * k2[j] + a43 * k3[j]);
    pairs<G, true>(y, p4);
    fFromPairs(y, p4, k4);
    for (int j = 0; j < N; j++) y[j] = z[j] + h * (a51 * k1[j] + a52 * k2[j] + a53 * k3[j] + a54 * k4[j]);
    pairs<G, true>(y, p5);
    fFromPairs(y, p5, k5);
    for (int j = 0; j < N; j++) y[j] = z[j] + h * (a61 * k1[j] + a62 * k2[j] + a63 * k3[j] + a64 * k4[j] + a65 * k5[j]);
    pairs<G, true>(y, p6);

    // ∂L/∂kᵢ = h·bᵢ·a (b₂ = 0), then each stage's input adjoint feeds aIn and the earlier stages' adjoints.
    L kb1[N], kb2[N], kb3[N], kb4[N], kb5[N], kb6[N], yb[N];
    for (int j = 0; j < N; j++) {
      kb1[j] = (h * b1) * a[j];
      kb2[j] = L::broadcast(0);
      kb3[j] = (h * b3) * a[j];
      kb4[j] = (h * b4) * a[j];
      kb5[j] = (h * b5) * a[j];
      kb6[j] = (h * b6) * a[j];
      aIn[j] = a[j];
    }
    const L h61 = h * a61, h62 = h * a62, h63 = h * a63, h64 = h * a64, h65 = h * a65;
    vjp(p6, kb6, yb, gp);
    for (int j = 0; j < N; j++) {
      aIn[j] += yb[j];
      kb1[j] += h61 * yb[j]; kb2[j] += h62 * yb[j]; kb3[j] += h63 * yb[j]; kb4[j] += h64 * yb[j]; kb5[j] += h65 * yb[j];
    }
    const L h51 = h * a51, h52 = h * a52, h53 = h * a53, h54 = h * a54;
    vjp(p5, kb5, yb, gp);
    for (int j = 0; j < N; j++) {
      aIn[j] += yb[j];
      kb1[j] += h51 * yb[j]; kb2[j] += h52 * yb[j]; kb3[j] += h53 * yb[j]; kb4[j] += h54 * yb[j];
    }
    const L h41 = h * a41, h42 = h * a42, h43 = h * a43;
    vjp(p4, kb4, yb, gp);
    for (int j = 0; j < N; j++) {
      aIn[j] += yb[j];
      kb1[j] += h41 * yb[j]; kb2[j] += h42 * yb[j]; kb3[j] += h43 * yb[j];
    }
    const L h31 = h * a31, h32 = h * a32;
    vjp(p3, kb3, yb, gp);
    for (int j = 0; j < N; j++) {
      aIn[j] += yb[j];
      kb1[j] += h31 * yb[j]; kb2[j] += h32 * yb[j];
    }
    const L h21 = h * a21;
    vjp(p2, kb2, yb, gp);
    for (int j = 0; j < N; j++) {
      aIn[j] += yb[j];
      kb1[j] += h21 * yb[j];
    }
    vjp(p1, kb1, yb, gp);
    for (int j = 0; j < N; j++) aIn[j] += yb[j];
  }

  __attribute__((noinline)) void finish(State& s, M done) {
    for (int l = 0; l < W; l++) {
      if (!(done.m[l / 8] >> (l % 8) & 1)) continue;
      const int j = s.trajectory[l];
      for (int c = 0; c < N; c++) out_.zEnd[static_cast<size_t>(N) * j + c] = s.z[c].lane(l);
      out_.accepted[j] = static_cast<int>(s.accepted.lane(l));
      out_.rejected[j] = static_cast<int>(s.rejected.lane(l));
    }
    refill(s, done);
  }

  __attribute__((noinline)) void refill(State& s, M lanes) {
    const int b = static_cast<int>(z0_.size() / N);
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
      for (int c = 0; c < N; c++) s.z[c].setLane(l, z0_[static_cast<size_t>(N) * j + c]);
      started.m[l / 8] |= bit;
    }
    for (int g = 0; g < G; g++) {
      const __mmask8 m = started.m[g];
      if (!m) continue;
      simd::Lanes<1> z[N], k1[N];
      for (int c = 0; c < N; c++) z[c].v[0] = s.z[c].v[g];
      f<1>(z, k1);
      const __m512d h = initialStep<1>(z, k1).v[0], zero = _mm512_setzero_pd();
      for (int c = 0; c < N; c++) s.k1[c].v[g] = _mm512_mask_blend_pd(m, s.k1[c].v[g], k1[c].v[0]);
      s.h.v[g] = _mm512_mask_blend_pd(m, s.h.v[g], h);
      s.t.v[g] = _mm512_mask_blend_pd(m, s.t.v[g], _mm512_set1_pd(kT0));
      s.logPrevious.v[g] = _mm512_mask_blend_pd(m, s.logPrevious.v[g], zero);
      s.accepted.v[g] = _mm512_mask_blend_pd(m, s.accepted.v[g], zero);
      s.rejected.v[g] = _mm512_mask_blend_pd(m, s.rejected.v[g], zero);
    }
    s.fresh = s.fresh | started;
    s.active = s.active | started;
  }

  __attribute__((noinline)) void endTrajectories(M first, L* a, int* current) {
    for (int l = 0; l < W; l++) {
      if (!(first.m[l / 8] >> (l % 8) & 1)) continue;
      const int j = current[l];
      for (int c = 0; c < N; c++) {
        out_.gradZ0[static_cast<size_t>(N) * j + c] = a[c].lane(l);
        a[c].setLane(l, 1);
      }
      current[l] = previousOnLane_[j];
    }
  }

  const std::vector<double>& z0_;
  double m_[3];
  Results& out_;
  std::vector<int> previousOnLane_;
  int lastOnLane_[W] = {};
  int next_ = 0;
  CheckpointLog<Slot, SlotMasks> log_{1 << 14};
};

// C#'s ToString("G10") (EnsembleRunReport.G), so the summary lines compare byte for byte: %.10g switches to the
// exponent form at the same magnitudes; .NET writes a capital E.
std::string g10(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  std::string s(buf);
  for (char& c : s)
    if (c == 'e') c = 'E';
  return s;
}

std::string tuple(const double* v, int n) {
  std::string s = "(";
  for (int i = 0; i < n; i++) s += (i ? ", " : "") + g10(v[i]);
  return s + ")";
}

// EnsembleRunReport.PrintSummary's two lines: sums in trajectory order (∂L/∂θ summed per lane, then over lanes).
void printSummary(const Results& r) {
  long rejected = 0;
  double z[N] = {}, g[N] = {};
  for (size_t j = 0; j < r.accepted.size(); j++) {
    rejected += r.rejected[j];
    for (int i = 0; i < N; i++) {
      z[i] += r.zEnd[N * j + i];
      g[i] += r.gradZ0[N * j + i];
    }
  }
  std::printf("%zu trajectories: %ld accepted, %ld rejected steps; sum of z(%s) = %s\n", r.accepted.size(),
              r.totalAccepted(), rejected, g10(kT1).c_str(), tuple(z, N).c_str());
  std::printf("sum of dL/dz0 = %s, dL/dtheta = %s\n", tuple(g, N).c_str(), tuple(r.gradTheta, 3).c_str());
}

template <int G, bool Exact>
void run(const std::vector<double>& z0, const double* masses, int repetitions) {
  const int b = static_cast<int>(z0.size() / N);
  Results results(b);
  Engine<G, Exact> engine(z0, masses, results);
  engine.template solve<true>();
  engine.gradient();
  printSummary(results);
  std::printf("lanes: %d (%d x 8), 1/r^3 by %s\n", 8 * G, G, Exact ? "sqrt and division (--exact)" : "rsqrt14 + 2 Newton steps");
  const long steps = results.totalAccepted();
  volatile double sink = 0;
  timing::report("forward", steps, [&] {
    engine.template solve<false>();
    sink = sink + results.zEnd[0];
  }, 1, repetitions, "accepted trajectory-step");
  timing::report("forward + ACA gradient", steps, [&] {
    engine.template solve<true>();
    engine.gradient();
    sink = sink + results.gradTheta[0];
  }, 1, repetitions, "accepted trajectory-step");
}

template <bool Exact>
void runGroups(int groups, const std::vector<double>& z0, const double* masses, int repetitions) {
  if (groups == 1) run<1, Exact>(z0, masses, repetitions);
  else if (groups == 2) run<2, Exact>(z0, masses, repetitions);
  else run<3, Exact>(z0, masses, repetitions);
}

}  // namespace

int main(int argc, char** argv) {
  int groups = 1, repetitions = 15, trajectories = 16384;
  bool exact = false;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--exact") == 0) exact = true;
    else if (std::strcmp(argv[i], "--repetitions") == 0 && i + 1 < argc && std::atoi(argv[i + 1]) > 0)
      repetitions = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--trajectories") == 0 && i + 1 < argc && std::atoi(argv[i + 1]) > 0)
      trajectories = std::atoi(argv[++i]);
    else if (argv[i][0] >= '1' && argv[i][0] <= '3' && argv[i][1] == 0) groups = argv[i][0] - '0';
    else {
      std::fprintf(stderr,
                   "usage: %s [1|2|3] [--exact] [--trajectories B] [--repetitions N]: lane groups of 8 (default 1); "
                   "--exact forms 1/r^3 by sqrt and division as the C# does; B trajectories (default 16384); N timed "
                   "runs per measurement (default 15)\n",
                   argv[0]);
      return 2;
    }
  }
  // θ read through volatile, as in lorenz_ensemble_avx512.cpp: the engine gets it at run time.
  volatile double theta[3] = {1, 1, 1};
  const double masses[3] = {theta[0], theta[1], theta[2]};
  const std::vector<double> z0 = initialStates(trajectories);
  if (exact) runGroups<true>(groups, z0, masses, repetitions);
  else runGroups<false>(groups, z0, masses, repetitions);
  return 0;
}
