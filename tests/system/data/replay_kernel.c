/* A small real program for the trace-replay fidelity test (tests/system/test_replay.cpp): it is
 * run under Valgrind Lackey (to record its trace) and under Cachegrind (for reference miss
 * counts), then the trace is replayed with configs/cachegrind.json.
 *
 * Each phase exercises a different part of the cache models, at a few million trace records in
 * all (a Lackey trace costs about 15 bytes and a fraction of a microsecond per record):
 *   1. an AVX2 GEMM on 64 x 64 floats (48 KiB, more than the 32 KiB L1D): unaligned 32-byte
 *      loads and stores, some of which straddle two lines; L1D capacity misses;
 *   2. a read-modify-write sweep, one byte per line, twice over 12 MiB (more than the 8 MiB LL):
 *      "M" records, LL capacity misses, dirty victims;
 *   3. random reads over 4 MiB: conflict and capacity misses in both levels;
 *   4. unaligned 32-byte loads every 36 bytes: lines straddled by one access.
 * Build: cc -O1 -mavx2 -mno-fma (Valgrind emulates FMA slowly and cannot run AVX-512).
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 64
static float a[N * N], b[N * N], c[N * N];

static void gemm(void) {
  for (int i = 0; i < N; ++i)
    for (int k = 0; k < N; ++k) {
      __m256 aik = _mm256_set1_ps(a[i * N + k]);
      for (int j = 0; j < N; j += 8) {
        __m256 cv = _mm256_loadu_ps(&c[i * N + j]);
        cv = _mm256_add_ps(cv, _mm256_mul_ps(aik, _mm256_loadu_ps(&b[k * N + j])));
        _mm256_storeu_ps(&c[i * N + j], cv);
      }
    }
}

int main(void) {
  for (int i = 0; i < N * N; ++i) {
    a[i] = (float)(i % 7) * 0.25f;
    b[i] = (float)(i % 5) * 0.5f;
  }
  gemm();

  const size_t bytes = (size_t)12 << 20;
  unsigned char* s = calloc(bytes, 1); /* fresh zero pages: no memset in the trace */
  if (s == NULL) return 1;
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < bytes; i += 64) s[i] += 1;

  uint32_t x = 12345, sum = 0;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245u + 12345u;
    sum += s[(x >> 8) % (4u << 20)];
  }

  __m256 acc = _mm256_setzero_ps();
  for (int r = 0; r < 20; ++r)
    for (size_t i = 4; i + 40 < (64u << 10); i += 36)
      acc = _mm256_add_ps(acc, _mm256_loadu_ps((const float*)(s + (6u << 20) + i)));
  float out[8];
  _mm256_storeu_ps(out, acc);

  printf("%f %u %f\n", c[N * N / 2 + 3], sum, out[3]);
  free(s);
  return 0;
}
