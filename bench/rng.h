/* rng.h - the benchmark generators' reproducible random numbers (xorshift64):
 * the same seed gives the same data on every machine. */
#ifndef CLR_BENCH_RNG_H
#define CLR_BENCH_RNG_H

#include <stddef.h>
#include <stdint.h>

static uint64_t rng;

static inline void seed(uint64_t s)
{
	rng = s * 2654435761u + 88172645463325252ull;
}

static inline uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A number in [0, n). */
static inline size_t pick(size_t n)
{
	return (size_t)(next() % n);
}

#endif
