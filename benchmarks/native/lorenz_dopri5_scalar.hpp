// The scalar Lorenz-63 Dormand-Prince 5(4) solve and ACA backward written out by hand, shared by the single-trajectory
// comparator (lorenz_dopri5_hand.cpp, which says what it is and how it matches the C# engine) and by the AVX-512
// ensemble comparator (lorenz_ensemble_avx512.cpp), which checks its lanes against it and takes the tableau and the
// controller constants from here, so the two cannot drift apart.
#pragma once
#include <cmath>
#include <vector>

namespace lorenz {

struct V3 {
  double x, y, z;
};
inline V3 operator+(V3 a, V3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline V3 operator*(double s, V3 a) { return {s * a.x, s * a.y, s * a.z}; }
inline V3& operator+=(V3& a, V3 b) { return a = a + b; }

struct Params {
  double sigma, rho, beta;
};

inline V3 f(V3 u, const Params& p) {
  return {p.sigma * (u.y - u.x), u.x * (p.rho - u.z) - u.y, u.x * u.y - p.beta * u.z};
}

// v^T ∂f/∂u at u, returned; v^T ∂f/∂p added to gp.
inline V3 vjp(V3 u, const Params& p, V3 v, Params& gp) {
  gp.sigma += (u.y - u.x) * v.x;
  gp.rho += u.x * v.y;
  gp.beta += -u.z * v.z;
  return {-p.sigma * v.x + (p.rho - u.z) * v.y + u.y * v.z, p.sigma * v.x - v.y + u.x * v.z, -u.x * v.y - p.beta * v.z};
}

// Dormand-Prince 5(4) coefficients (the FSAL row a7 = b; c is not needed: Lorenz is autonomous).
constexpr double a21 = 1.0 / 5;
constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                 a65 = -5103.0 / 18656;
constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84;
constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200, e6 = 22.0 / 525,
                 e7 = -1.0 / 40;

constexpr double kRtol = 1e-6, kAtol = 1e-8;
constexpr double kSafety = 0.9, kMinFactor = 0.2, kMaxFactor = 10, kBeta1 = 0.7, kBeta2 = 0.4, kOrder = 5;

struct Checkpoints {
  std::vector<double> t, h;
  std::vector<V3> z;
  int count = 0;
  explicit Checkpoints(int capacity) : t(capacity), h(capacity), z(capacity) {}
};

struct Counts {
  int accepted, rejected;
};

// max without std::fmax's NaN rules, which g++ compiles to a library call; a NaN still propagates into the
// error norm (through zNew) and rejects the step, as in the C# engine.
inline double max(double a, double b) { return a > b ? a : b; }

inline double scale(double z) { return kAtol + kRtol * std::fabs(z); }
inline double scale(double z, double zNew) { return kAtol + kRtol * max(std::fabs(z), std::fabs(zNew)); }

// Hairer, Nørsett and Wanner, Solving ODEs I, §II.4, "Starting Step Size" (as Control/InitialStepSize.cs).
inline double initialStep(V3 z, V3 k0, const Params& p) {
  double d0x = z.x / scale(z.x), d0y = z.y / scale(z.y), d0z = z.z / scale(z.z);
  double d1x = k0.x / scale(z.x), d1y = k0.y / scale(z.y), d1z = k0.z / scale(z.z);
  double d0 = std::sqrt((d0x * d0x + d0y * d0y + d0z * d0z) / 3), d1 = std::sqrt((d1x * d1x + d1y * d1y + d1z * d1z) / 3);
  double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  V3 k1 = f(z + h0 * k0, p);
  double d2x = (k1.x - k0.x) / scale(z.x), d2y = (k1.y - k0.y) / scale(z.y), d2z = (k1.z - k0.z) / scale(z.z);
  double d2 = std::sqrt((d2x * d2x + d2y * d2y + d2z * d2z) / 3) / h0;
  double dMax = max(d1, d2);
  double h1 = dMax <= 1e-15 ? max(1e-6, h0 * 1e-3) : std::pow(0.01 / dMax, 1.0 / kOrder);
  double h = 100 * h0 < h1 ? 100 * h0 : h1;  // Math.Min: NaN in h1 gives NaN, then 1e-6 below
  return std::isfinite(h) && h > 0 ? h : 1e-6;
}

inline double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

// Solves from t0 to t1 and returns the step counts; with Record, stores one checkpoint (t, h, z) per accepted step.
template <bool Record>
__attribute__((noinline)) inline Counts solve(V3 z, const Params& p, double t0, double t1, Checkpoints& cp, V3& zEnd) {
  V3 k1 = f(z, p);
  double h = initialStep(z, k1, p);
  double t = t0, logPreviousError = 0;
  const double logErrorFloor = std::log(1e-4);
  int accepted = 0, rejected = 0;
  while (true) {
    double hTry = h;
    // As StepRule.StepToTry: land on t1 when the step reaches it or ends short of it by at most 1e-4·h (rounding).
    bool clipped = t + hTry - t1 >= -1e-4 * std::abs(hTry);
    if (clipped) hTry = t1 - t;
    // As Integrator.cs: step by what t can represent, so t advances by exactly the h the state was advanced by.
    else hTry = (t + hTry) - t;
    V3 k2 = f(z + hTry * (a21 * k1), p);
    V3 k3 = f(z + hTry * (a31 * k1 + a32 * k2), p);
    V3 k4 = f(z + hTry * (a41 * k1 + a42 * k2 + a43 * k3), p);
    V3 k5 = f(z + hTry * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4), p);
    V3 k6 = f(z + hTry * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5), p);
    V3 zNew = z + hTry * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
    V3 k7 = f(zNew, p);
    V3 e = hTry * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
    double rx = e.x / scale(z.x, zNew.x), ry = e.y / scale(z.y, zNew.y), rz = e.z / scale(z.z, zNew.z);
    double err = std::sqrt((rx * rx + ry * ry + rz * rz) / 3);
    if (!(err <= 1)) {
      rejected++;
      h = hTry * (std::isfinite(err) ? clamp(kSafety * std::pow(err, -1.0 / kOrder), kMinFactor, 1) : kMinFactor);
      continue;
    }
    double logError = std::log(err);
    double factor = err == 0 ? kMaxFactor
                             : clamp(kSafety * std::exp((kBeta2 * logPreviousError - kBeta1 * logError) / kOrder),
                                     kMinFactor, kMaxFactor);
    logPreviousError = max(logError, logErrorFloor);
    if constexpr (Record) {
      cp.t[accepted] = t;
      cp.h[accepted] = hTry;
      cp.z[accepted] = z;
    }
    accepted++;
    z = zNew;
    double tNext = clipped ? t1 : t + hTry;
    // FSAL: k7 = f(t + h, zNew), unless clipping moved t by rounding (as the C# integrator).
    k1 = tNext == t + hTry ? k7 : f(z, p);
    t = tNext;
    double hNext = hTry * factor;
    if (clipped && std::fabs(hNext) < std::fabs(h)) hNext = h;
    h = std::fabs(hNext);
    if (clipped) break;
  }
  if constexpr (Record) cp.count = accepted;
  zEnd = z;
  return {accepted, rejected};
}

// ACA backward: for each accepted step, last first, replay its stages from the checkpoint and pull the adjoint a
// (∂L/∂zNew on entry, ∂L/∂z on exit) back through them; ∂L/∂p accumulates in gp. Stage 7 (FSAL) does not reach
// zNew and is skipped, as in the C# engine.
__attribute__((noinline)) inline V3 backward(const Checkpoints& cp, const Params& p, V3 a, Params& gp) {
  gp = {0, 0, 0};
  for (int i = cp.count - 1; i >= 0; i--) {
    const V3 z = cp.z[i];
    const double h = cp.h[i];
    const V3 y1 = z, k1 = f(y1, p);
    const V3 y2 = z + h * (a21 * k1), k2 = f(y2, p);
    const V3 y3 = z + h * (a31 * k1 + a32 * k2), k3 = f(y3, p);
    const V3 y4 = z + h * (a41 * k1 + a42 * k2 + a43 * k3), k4 = f(y4, p);
    const V3 y5 = z + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4), k5 = f(y5, p);
    const V3 y6 = z + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5);
    // ∂L/∂kᵢ = h·bᵢ·a, then each stage's input adjoint feeds a and the earlier stages' adjoints.
    V3 kb1 = (h * b1) * a, kb2 = {0, 0, 0} /* b₂ = 0 */, kb3 = (h * b3) * a, kb4 = (h * b4) * a, kb5 = (h * b5) * a;
    const V3 kb6 = (h * b6) * a;
    V3 aIn = a;
    V3 yb = vjp(y6, p, kb6, gp);
    aIn += yb;
    kb1 += (h * a61) * yb; kb2 += (h * a62) * yb; kb3 += (h * a63) * yb; kb4 += (h * a64) * yb; kb5 += (h * a65) * yb;
    yb = vjp(y5, p, kb5, gp);
    aIn += yb;
    kb1 += (h * a51) * yb; kb2 += (h * a52) * yb; kb3 += (h * a53) * yb; kb4 += (h * a54) * yb;
    yb = vjp(y4, p, kb4, gp);
    aIn += yb;
    kb1 += (h * a41) * yb; kb2 += (h * a42) * yb; kb3 += (h * a43) * yb;
    yb = vjp(y3, p, kb3, gp);
    aIn += yb;
    kb1 += (h * a31) * yb; kb2 += (h * a32) * yb;
    yb = vjp(y2, p, kb2, gp);
    aIn += yb;
    kb1 += (h * a21) * yb;
    aIn += vjp(y1, p, kb1, gp);
    a = aIn;
  }
  return a;
}

}  // namespace lorenz
