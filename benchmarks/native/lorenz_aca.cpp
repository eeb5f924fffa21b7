// Generic-tableau C++ comparator for the single-trajectory Lorenz benchmark: one Lorenz-63 trajectory,
// t in [0, 1], Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, PI control, Hairer's initial step, ACA checkpoints in
// preallocated storage, and the ACA backward (replay each accepted step, reverse through its stages). Same
// algorithm as the C# engine, but the stages are loops over the zero-padded 7×7 tableau. It is kept next to the
// hand-written lorenz_dopri5_hand.cpp (the fair comparator) because the difference between the two is what
// the generic form costs. Prints the step counts, the gradient and the median time per accepted step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "timing.hpp"

namespace {

constexpr int N = 3, S = 7;
constexpr double C[S] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
constexpr double A[S][S] = {
    {},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
constexpr double B[S] = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
constexpr double E[S] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40};

struct Params { double sigma, rho, beta; };

inline void f(const double* z, const Params& p, double* dz) {
  dz[0] = p.sigma * (z[1] - z[0]);
  dz[1] = z[0] * (p.rho - z[2]) - z[1];
  dz[2] = z[0] * z[1] - p.beta * z[2];
}

// Adds v^T df/dz to gz and v^T df/dp to gp.
inline void vjp(const double* z, const Params& p, const double* v, double* gz, double* gp) {
  gz[0] += -p.sigma * v[0] + (p.rho - z[2]) * v[1] + z[1] * v[2];
  gz[1] += p.sigma * v[0] - v[1] + z[0] * v[2];
  gz[2] += -z[0] * v[1] - p.beta * v[2];
  gp[0] += (z[1] - z[0]) * v[0];
  gp[1] += z[0] * v[1];
  gp[2] += -z[2] * v[2];
}

struct Checkpoints {
  std::vector<double> t, h, z;
  int count = 0;
  explicit Checkpoints(int capacity) : t(capacity), h(capacity), z(capacity * N) {}
};

constexpr double RTOL = 1e-6, ATOL = 1e-8, SAFETY = 0.9, MINF = 0.2, MAXF = 10, B1 = 0.7, B2 = 0.4;

struct Counts { int accepted, rejected; };

// With Record, stores one checkpoint (t, h, z) per accepted step; without, solves forward only.
template <bool Record>
__attribute__((noinline)) Counts solve(const double* z0, const Params& p, double t0, double t1, Checkpoints& cp,
                                       double* zEnd) {
  double z[N], zNew[N], k[S][N];
  std::copy(z0, z0 + N, z);
  f(z, p, k[0]);
  // Hairer's initial step.
  double d0 = 0, d1 = 0;
  for (int j = 0; j < N; j++) {
    double sc = ATOL + RTOL * std::fabs(z[j]);
    d0 += (z[j] / sc) * (z[j] / sc);
    d1 += (k[0][j] / sc) * (k[0][j] / sc);
  }
  d0 = std::sqrt(d0 / N); d1 = std::sqrt(d1 / N);
  double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  for (int j = 0; j < N; j++) zNew[j] = z[j] + h0 * k[0][j];
  f(zNew, p, k[1]);
  double d2 = 0;
  for (int j = 0; j < N; j++) {
    double sc = ATOL + RTOL * std::fabs(z[j]);
    d2 += ((k[1][j] - k[0][j]) / sc) * ((k[1][j] - k[0][j]) / sc);
  }
  d2 = std::sqrt(d2 / N) / h0;
  double dm = std::max(d1, d2);
  double h = std::min(100 * h0, dm <= 1e-15 ? std::max(1e-6, h0 * 1e-3) : std::pow(0.01 / dm, 1.0 / 5));

  double t = t0, logPrev = 0;
  int accepted = 0, rejected = 0;
  while (true) {
    double hTry = h;
    // As StepRule.StepToTry: land on t1 when the step reaches it or ends short of it by at most 1e-4·h (rounding).
    bool last = t + hTry - t1 >= -1e-4 * std::abs(hTry);
    if (last) hTry = t1 - t;
    for (int i = 1; i < S; i++) {
      for (int j = 0; j < N; j++) {
        double acc = 0;
        for (int l = 0; l < i; l++) acc += A[i][l] * k[l][j];
        zNew[j] = z[j] + hTry * acc;
      }
      f(zNew, p, k[i]);
    }
    double err = 0;
    for (int j = 0; j < N; j++) {
      double e = 0;
      for (int l = 0; l < S; l++) e += E[l] * k[l][j];
      double r = hTry * e / (ATOL + RTOL * std::max(std::fabs(z[j]), std::fabs(zNew[j])));
      err += r * r;
    }
    err = std::sqrt(err / N);
    if (!(err <= 1)) {
      rejected++;
      h = hTry * std::clamp(SAFETY * std::pow(err, -1.0 / 5), MINF, 1.0);
      continue;
    }
    double logErr = std::log(err);
    double factor = err == 0 ? MAXF : std::clamp(SAFETY * std::exp((B2 * logPrev - B1 * logErr) / 5), MINF, MAXF);
    logPrev = std::max(logErr, std::log(1e-4));
    if constexpr (Record) {
      cp.t[accepted] = t; cp.h[accepted] = hTry;
      std::copy(z, z + N, &cp.z[accepted * N]);
    }
    accepted++;
    std::copy(zNew, zNew + N, z);
    std::copy(k[S - 1], k[S - 1] + N, k[0]);
    t = last ? t1 : t + hTry;
    double hNext = hTry * factor;
    h = (last && hNext < h) ? h : hNext;
    if (last) break;
  }
  if constexpr (Record) cp.count = accepted;
  std::copy(z, z + N, zEnd);
  return {accepted, rejected};
}

__attribute__((noinline)) void backward(const Checkpoints& cp, const Params& p, const double* seed, double* gz0, double* gp) {
  double a[N], y[S][N], k[S][N], kb[S][N];
  std::copy(seed, seed + N, a);
  gp[0] = gp[1] = gp[2] = 0;
  for (int i = cp.count - 1; i >= 0; i--) {
    const double* z = &cp.z[i * N];
    double h = cp.h[i];
    std::copy(z, z + N, y[0]);
    f(z, p, k[0]);
    for (int s = 1; s < S - 1; s++) {  // the FSAL stage does not reach zNew
      for (int j = 0; j < N; j++) {
        double acc = 0;
        for (int l = 0; l < s; l++) acc += A[s][l] * k[l][j];
        y[s][j] = z[j] + h * acc;
      }
      f(y[s], p, k[s]);
    }
    for (int s = 0; s < S - 1; s++)
      for (int j = 0; j < N; j++) kb[s][j] = h * B[s] * a[j];
    for (int s = S - 2; s >= 0; s--) {
      double yb[N] = {0, 0, 0};
      vjp(y[s], p, kb[s], yb, gp);
      for (int j = 0; j < N; j++) a[j] += yb[j];
      for (int l = 0; l < s; l++)
        if (A[s][l] != 0)
          for (int j = 0; j < N; j++) kb[l][j] += h * A[s][l] * yb[j];
    }
  }
  std::copy(a, a + N, gz0);
}

}  // namespace

int main() {
  // Read through volatile so the compiler cannot specialise solve() for these constants (the C# engine
  // gets z0, θ and the output times at run time too).
  volatile double inputs[8] = {1, 1, 1, 10, 28, 8.0 / 3, 0, 1};
  const double z0[N] = {inputs[0], inputs[1], inputs[2]};
  const Params p{inputs[3], inputs[4], inputs[5]};
  const double seed[N] = {1, 1, 1};
  const double t0 = inputs[6], t1 = inputs[7];
  Checkpoints cp(4096);
  double zEnd[N], gz0[N], gp[3];
  volatile double sink = 0;

  Counts counts = solve<true>(z0, p, t0, t1, cp, zEnd);
  backward(cp, p, seed, gz0, gp);
  std::printf("steps %d accepted, %d rejected, z(1) = (%.12f, %.12f, %.12f)\n", counts.accepted, counts.rejected,
              zEnd[0], zEnd[1], zEnd[2]);
  std::printf("dL/dz0 = (%.12f, %.12f, %.12f), dL/dtheta = (%.12f, %.12f, %.12f)\n", gz0[0], gz0[1], gz0[2], gp[0],
              gp[1], gp[2]);

  timing::report("forward", counts.accepted, [&] {
    solve<false>(z0, p, t0, t1, cp, zEnd);
    sink = sink + zEnd[0];
  });
  timing::report("forward + ACA gradient", counts.accepted, [&] {
    solve<true>(z0, p, t0, t1, cp, zEnd);
    backward(cp, p, seed, gz0, gp);
    sink = sink + gp[0];
  });
  return 0;
}
