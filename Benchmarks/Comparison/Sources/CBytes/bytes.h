// Where the commas and newlines are among sixteen bytes, one bit per byte, for kith-compare's
// block parser: SSE2 on x86-64, NEON on arm64, a loop elsewhere. (Swift's SIMD types have no
// bit-mask operation: a SIMDMask is stored lane by lane.)
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

/// Bit k set when byte k of the 16 bytes at `p` is a comma or a newline.
static inline uint32_t kith_delimiters16(const uint8_t *p) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128((const __m128i *)p);
  __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
  return (uint32_t)_mm_movemask_epi8(hits);
#elif defined(__ARM_NEON)
  static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  uint8x16_t v = vld1q_u8(p);
  uint8x16_t hits = vorrq_u8(vceqq_u8(v, vdupq_n_u8(',')), vceqq_u8(v, vdupq_n_u8('\n')));
  uint8x16_t bits = vandq_u8(hits, vld1q_u8(weights));
  return (uint32_t)vaddv_u8(vget_low_u8(bits)) | (uint32_t)vaddv_u8(vget_high_u8(bits)) << 8;
#else
  uint32_t m = 0;
  for (int k = 0; k < 16; k++) m |= (uint32_t)(p[k] == ',' || p[k] == '\n') << k;
  return m;
#endif
}

/// The newlines among the `count` bytes at `p`, and (in `quoted`) whether any byte is a double
/// quote: one pass over the bytes, sixteen at a time.
static inline long kith_count_newlines(const uint8_t *p, long count, int *quoted) {
  long lines = 0;
  long k = 0;
  int quote = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i dq = _mm_set1_epi8('"');
  __m128i any = _mm_setzero_si128();
  while (count - k >= 16) {
    // Per byte lane, minus one for each newline, summed for up to 255 blocks at a time.
    __m128i lanes = _mm_setzero_si128();
    int blocks = 0;
    while (blocks < 255 && count - k >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(p + k));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, newline));
      any = _mm_or_si128(any, _mm_cmpeq_epi8(v, dq));
      k += 16;
      blocks++;
    }
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    lines += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
  }
  quote = _mm_movemask_epi8(any) != 0;
#endif
  for (; k < count; k++) {
    lines += p[k] == '\n';
    quote |= p[k] == '"';
  }
  *quoted = quote;
  return lines;
}
