/* sha256.h - SHA-256 (sha256.c).  Internal. */
#ifndef CLR_SHA256_H
#define CLR_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct clr_sha256_ctx {
	uint32_t h[8];
	unsigned char buf[64];
	size_t n;
	uint64_t len;
} clr_sha256_ctx;

void clr__sha256_init(clr_sha256_ctx *s);
void clr__sha256_update(clr_sha256_ctx *s, const void *data, size_t n);
/* Finishes s (it is spent afterwards) into 32 bytes, or 64 hex digits. */
void clr__sha256_final(clr_sha256_ctx *s, uint8_t out[32]);
void clr__sha256_hex(clr_sha256_ctx *s, char out[65]);
/* 32 digest bytes as 64 lowercase hex digits. */
void clr__sha256_hex_of(const uint8_t d[32], char out[65]);
/* The hex digest of one buffer. */
void clr__sha256_str(const void *data, size_t n, char out[65]);

#endif
