/* test_util.c - buffers, vectors, UTF-8 validation. */
#include <criterion/criterion.h>
#include "util/util.h"

Test(util, utf8_validation)
{
	cr_assert_eq(clr__utf8_invalid_at("abc", 3), (size_t)-1);
	cr_assert_eq(clr__utf8_invalid_at("a\xc3\xa9", 3), (size_t)-1);
	cr_assert_eq(clr__utf8_invalid_at("a\xc3", 2), 1);
	cr_assert_eq(clr__utf8_invalid_at("\xed\xa0\x80", 3), 0); /* surrogate */
	cr_assert_eq(clr__utf8_invalid_at("\xc0\xaf", 2), 0);     /* overlong */
}

Test(util, buf_printf)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_printf(&b, "%s-%d", "x", 42), 0);
	cr_assert_str_eq(b.p, "x-42");
	clr__buf_free(&b);
}

#include "util/sha256.h"

Test(util, sha256_vectors)
{
	char hex[65];
	clr_sha256_hex("abc", 3, hex); /* the public entry point */
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	clr__sha256_str("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* 56 bytes: the padding spills into a second block */
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	clr__sha256_str(m, strlen(m), hex);
	cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
