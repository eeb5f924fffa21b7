// G independent groups of 8 float64 AVX-512 lanes, used as one value: every operation on a Lanes<G> is G
// independent instructions, so the long dependency chain of an RK step (stage after stage, then log/exp in the
// controller) runs G times side by side and the out-of-order core has independent work while one chain waits.
// Masks<G> holds one 8-bit lane mask per group. The scalar code this replaces is lorenz_dopri5_scalar.hpp; each
// helper keeps its scalar counterpart's NaN behaviour (noted where it matters).
#pragma once
#include <immintrin.h>

#include <cstdint>

// glibc's libmvec (link -lmvec): 8-lane exp, log and pow of the x86-64 vector function ABI. Within 4 ulp of
// the scalar glibc functions the C# engine calls (Math.Log/Exp/Pow), so the controller's step sizes may differ
// from the scalar code's in the last bits; the check in lorenz_ensemble_avx512.cpp counts step-count differences.
// A call clobbers all zmm registers (the live stage values are spilled around it), but inline exp and log by
// range reduction and Horner polynomials (1-2 ulp) were not faster here: their serial chains are longer.
extern "C" __m512d _ZGVeN8v_exp(__m512d);
extern "C" __m512d _ZGVeN8v_log(__m512d);
extern "C" __m512d _ZGVeN8vv_pow(__m512d, __m512d);

// Everything here must inline: the G-wide values only stay in registers once the calls are gone (g++ gives up
// inlining the V3<2> operators on its own, and a call per operator is 4x slower).
#define SIMD_INLINE inline __attribute__((always_inline))

namespace simd {

template <int G>
struct Masks {
  __mmask8 m[G];
  SIMD_INLINE bool any() const {
    unsigned all = 0;
    for (int g = 0; g < G; g++) all |= m[g];
    return all != 0;
  }
  friend SIMD_INLINE Masks operator&(Masks a, Masks b) {
    for (int g = 0; g < G; g++) a.m[g] &= b.m[g];
    return a;
  }
  friend SIMD_INLINE Masks operator|(Masks a, Masks b) {
    for (int g = 0; g < G; g++) a.m[g] |= b.m[g];
    return a;
  }
  friend SIMD_INLINE Masks operator~(Masks a) {
    for (int g = 0; g < G; g++) a.m[g] = static_cast<__mmask8>(~a.m[g]);
    return a;
  }
};

template <int G>
struct Lanes {
  __m512d v[G];

  SIMD_INLINE static Lanes broadcast(double a) {
    Lanes r;
    for (int g = 0; g < G; g++) r.v[g] = _mm512_set1_pd(a);
    return r;
  }
  SIMD_INLINE static Lanes load(const double* p) {
    Lanes r;
    for (int g = 0; g < G; g++) r.v[g] = _mm512_load_pd(p + 8 * g);
    return r;
  }
  SIMD_INLINE void store(double* p) const {
    for (int g = 0; g < G; g++) _mm512_store_pd(p + 8 * g, v[g]);
  }
  // A non-temporal store: for data written once and read much later (checkpoints), which would otherwise be read
  // into the cache before being overwritten. Needs _mm_sfence() before another thread reads it.
  SIMD_INLINE void stream(double* p) const {
    for (int g = 0; g < G; g++) _mm512_stream_pd(p + 8 * g, v[g]);
  }
  SIMD_INLINE double lane(int l) const { return v[l / 8][l % 8]; }
  SIMD_INLINE void setLane(int l, double x) { v[l / 8][l % 8] = x; }
};

// Element-wise arithmetic. g++ (-ffp-contract=fast, its default) fuses a·b + c into FMAs here as in the scalar code.
#define SIMD_BINARY(op)                                        \
  template <int G>                                             \
  SIMD_INLINE Lanes<G> operator op(Lanes<G> a, Lanes<G> b) {        \
    for (int g = 0; g < G; g++) a.v[g] = a.v[g] op b.v[g];     \
    return a;                                                  \
  }                                                            \
  template <int G>                                             \
  SIMD_INLINE Lanes<G> operator op(double s, Lanes<G> b) {          \
    return Lanes<G>::broadcast(s) op b;                        \
  }                                                            \
  template <int G>                                             \
  SIMD_INLINE Lanes<G> operator op(Lanes<G> a, double s) {          \
    return a op Lanes<G>::broadcast(s);                        \
  }
SIMD_BINARY(+)
SIMD_BINARY(-)
SIMD_BINARY(*)
SIMD_BINARY(/)
#undef SIMD_BINARY

template <int G>
SIMD_INLINE Lanes<G> operator-(Lanes<G> a) {
  for (int g = 0; g < G; g++) a.v[g] = -a.v[g];
  return a;
}

template <int G>
SIMD_INLINE Lanes<G>& operator+=(Lanes<G>& a, Lanes<G> b) {
  return a = a + b;
}

#define SIMD_COMPARE(name, predicate)                                                        \
  template <int G>                                                                           \
  SIMD_INLINE Masks<G> name(Lanes<G> a, Lanes<G> b) {                                             \
    Masks<G> r;                                                                              \
    for (int g = 0; g < G; g++) r.m[g] = _mm512_cmp_pd_mask(a.v[g], b.v[g], predicate);      \
    return r;                                                                                \
  }
SIMD_COMPARE(lessOrEqual, _CMP_LE_OQ)  // false for NaN, as the scalar `err <= 1`
SIMD_COMPARE(less, _CMP_LT_OQ)
SIMD_COMPARE(greaterOrEqual, _CMP_GE_OQ)
SIMD_COMPARE(equal, _CMP_EQ_OQ)
#undef SIMD_COMPARE

// mask ? a : b, lane by lane.
template <int G>
SIMD_INLINE Lanes<G> select(Masks<G> mask, Lanes<G> a, Lanes<G> b) {
  for (int g = 0; g < G; g++) b.v[g] = _mm512_mask_blend_pd(mask.m[g], b.v[g], a.v[g]);
  return b;
}

template <int G>
SIMD_INLINE Lanes<G> abs(Lanes<G> a) {
  for (int g = 0; g < G; g++) a.v[g] = _mm512_abs_pd(a.v[g]);
  return a;
}

// a > b ? a : b (vmaxpd returns its second operand when either is NaN, as the scalar expression does).
template <int G>
SIMD_INLINE Lanes<G> max(Lanes<G> a, Lanes<G> b) {
  // maskz with all lanes: the same instruction, without the undefined source g++ 12 warns about.
  for (int g = 0; g < G; g++) a.v[g] = _mm512_maskz_max_pd(0xFF, a.v[g], b.v[g]);
  return a;
}

// a < b ? a : b (the second operand when either is NaN).
template <int G>
SIMD_INLINE Lanes<G> min(Lanes<G> a, Lanes<G> b) {
  for (int g = 0; g < G; g++) a.v[g] = _mm512_maskz_min_pd(0xFF, a.v[g], b.v[g]);
  return a;
}

template <int G>
SIMD_INLINE Lanes<G> sqrt(Lanes<G> a) {
  for (int g = 0; g < G; g++) a.v[g] = _mm512_maskz_sqrt_pd(0xFF, a.v[g]);
  return a;
}

template <int G>
SIMD_INLINE Masks<G> isFinite(Lanes<G> a) {
  Masks<G> r;
  // fpclass categories 0x01 QNaN, 0x08 +inf, 0x10 -inf, 0x80 SNaN: finite is none of them.
  for (int g = 0; g < G; g++) r.m[g] = static_cast<__mmask8>(~_mm512_fpclass_pd_mask(a.v[g], 0x01 | 0x08 | 0x10 | 0x80));
  return r;
}

template <int G>
SIMD_INLINE Lanes<G> exp(Lanes<G> a) {
  for (int g = 0; g < G; g++) a.v[g] = _ZGVeN8v_exp(a.v[g]);
  return a;
}

template <int G>
SIMD_INLINE Lanes<G> log(Lanes<G> a) {
  for (int g = 0; g < G; g++) a.v[g] = _ZGVeN8v_log(a.v[g]);
  return a;
}

template <int G>
SIMD_INLINE Lanes<G> pow(Lanes<G> a, double e) {
  for (int g = 0; g < G; g++) a.v[g] = _ZGVeN8vv_pow(a.v[g], _mm512_set1_pd(e));
  return a;
}

// A Lorenz state (or stage, or adjoint) in lanes: one Lanes per component.
template <int G>
struct V3 {
  Lanes<G> x, y, z;
};
template <int G>
SIMD_INLINE V3<G> operator+(V3<G> a, V3<G> b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
template <int G>
SIMD_INLINE V3<G> operator*(Lanes<G> s, V3<G> a) {
  return {s * a.x, s * a.y, s * a.z};
}
template <int G>
SIMD_INLINE V3<G> operator*(double s, V3<G> a) {
  return {s * a.x, s * a.y, s * a.z};
}
template <int G>
SIMD_INLINE V3<G>& operator+=(V3<G>& a, V3<G> b) {
  return a = a + b;
}
template <int G>
SIMD_INLINE V3<G> select(Masks<G> mask, V3<G> a, V3<G> b) {
  return {select(mask, a.x, b.x), select(mask, a.y, b.y), select(mask, a.z, b.z)};
}

}  // namespace simd
