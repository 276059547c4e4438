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
