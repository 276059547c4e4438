/*
 * sha256.c - SHA-256 (FIPS 180-4): content addresses and the audit hash
 * chain of the store, API keys and their hashes.  None of the project's
 * libraries exports it.  Pure computation: no allocation, no I/O.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "clearance.h"
#include "sha256.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k;
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

/* One block with the CPU's SHA extensions (SHA-NI: x86 since 2016), about
 * ten times the portable block: the screening log hashes every record it
 * keeps.  The state is kept as the instructions want it, ABEF and CDGH. */
__attribute__((target("sha,ssse3,sse4.1"))) static void block_ni(uint32_t h[8],
                                                                   const unsigned char *p)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&h[0]), 0xB1);
	__m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&h[4]), 0x1B);
	__m128i s0 = _mm_alignr_epi8(tmp, s1, 8);  /* ABEF */
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);        /* CDGH */
	__m128i abef = s0, cdgh = s1, w[4], m;
	for (int j = 0; j < 16; j++) {
		__m128i *cur = &w[j & 3], *next = &w[(j + 1) & 3], *prev = &w[(j + 3) & 3];
		if (j < 4)
			*cur = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j)),
			                        mask);
		m = _mm_add_epi32(*cur, _mm_loadu_si128((const __m128i *)(const void *)&K[4 * j]));
		s1 = _mm_sha256rnds2_epu32(s1, s0, m);
		if (j >= 3 && j <= 14) {
			*next = _mm_add_epi32(*next, _mm_alignr_epi8(*cur, *prev, 4));
			*next = _mm_sha256msg2_epu32(*next, *cur);
		}
		m = _mm_shuffle_epi32(m, 0x0E);
		s0 = _mm_sha256rnds2_epu32(s0, s1, m);
		if (j >= 1 && j <= 12)
			*prev = _mm_sha256msg1_epu32(*prev, *cur);
	}
	s0 = _mm_add_epi32(s0, abef);
	s1 = _mm_add_epi32(s1, cdgh);
	tmp = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);    /* DCHG */
	s0 = _mm_blend_epi16(tmp, s1, 0xF0); /* DCBA */
	s1 = _mm_alignr_epi8(s1, tmp, 8);    /* HGFE */
	_mm_storeu_si128((__m128i *)(void *)&h[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&h[4], s1);
}

static int have_ni(void)
{
	static int have = -1;
	if (have < 0) {
		unsigned a, b, c, d;
		int sse = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1);
		have = sse && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
	}
	return have;
}
#define BLOCK(h, p) (have_ni() ? block_ni(h, p) : block(h, p))
#else
#define BLOCK(h, p) block(h, p)
#endif

void clr__sha256_init(clr_sha256_ctx *s)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(s->h, iv, sizeof(iv));
	s->n = 0;
	s->len = 0;
}

void clr__sha256_update(clr_sha256_ctx *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	s->len += n;
	while (n) {
		if (!s->n && n >= 64) { /* whole blocks straight from the input */
			BLOCK(s->h, p);
			p += 64, n -= 64;
			continue;
		}
		size_t take = 64 - s->n < n ? 64 - s->n : n;
		memcpy(s->buf + s->n, p, take);
		s->n += take, p += take, n -= take;
		if (s->n == 64) {
			BLOCK(s->h, s->buf);
			s->n = 0;
		}
	}
}

void clr__sha256_final(clr_sha256_ctx *s, uint8_t out[32])
{
	uint64_t bits = s->len * 8;
	/* the padding in place, not a byte at a time through update (28 calls
	 * a digest on average: a tenth of the screening log's hashing) */
	s->buf[s->n++] = 0x80;
	if (s->n > 56) {
		memset(s->buf + s->n, 0, 64 - s->n);
		BLOCK(s->h, s->buf);
		s->n = 0;
	}
	memset(s->buf + s->n, 0, 56 - s->n);
	for (int i = 0; i < 8; i++)
		s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	BLOCK(s->h, s->buf);
	s->n = 0;
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(s->h[i] >> (24 - 8 * j));
}

void clr__sha256_hex_of(const uint8_t d[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = 0;
}

void clr__sha256_hex(clr_sha256_ctx *s, char out[65])
{
	uint8_t d[32];
	clr__sha256_final(s, d);
	clr__sha256_hex_of(d, out);
}

void clr__sha256_str(const void *data, size_t n, char out[65])
{
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	clr__sha256_update(&s, data, n);
	clr__sha256_hex(&s, out);
}

void clr_sha256(const void *data, size_t n, uint8_t out[32])
{
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	clr__sha256_update(&s, data, n);
	clr__sha256_final(&s, out);
}

void clr_sha256_hex(const void *data, size_t n, char out[65])
{
	clr__sha256_str(data, n, out);
}

/* API keys: 24 random bytes are 192 bits, past any guessing; the prefix
 * makes a leaked key easy to find in logs and code. */
int clr_key_new(char out_key[80], char out_hash[65])
{
	uint8_t rnd[24];
	out_key[0] = 0;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return CLR_EIO;
	memcpy(out_key, "clr_", 4);
	for (size_t i = 0; i < sizeof(rnd); i++)
		snprintf(out_key + 4 + 2 * i, 3, "%02x", rnd[i]);
	clr_sha256_hex(out_key, strlen(out_key), out_hash);
	return 0;
}
