/* test_country.c - country names and codes to ISO 3166 alpha-2; list dates
 * to ISO 8601. */
#include <criterion/criterion.h>
#include <string.h>

#include "lists/loader.h"

static void code(const char *in, const char *want)
{
	const char *got = clr__country_code(in, strlen(in));
	if (!want)
		cr_expect_null(got, "'%s' -> '%s', expected none", in, got);
	else
		cr_expect(got && !strcmp(got, want), "'%s' -> '%s', expected '%s'", in,
		          got ? got : "(null)", want);
}

Test(country, iso_codes_any_case)
{
	code("CN", "CN");
	code("cn", "CN");
	code(" us ", "US");
	code("Ru.", "RU");
	code("XK", "XK");
	code("ZZ", NULL);
	code("UK", "GB");
	code("", NULL);
	code("   ", NULL);
}

Test(country, names_as_the_lists_write_them)
{
	static const char *const pairs[][2] = {
		{"Russia", "RU"},
		{"Russian Federation", "RU"},
		{"Iran", "IR"},
		{"Iran (Islamic Republic of)", "IR"},
		{"Burma", "MM"},
		{"Myanmar", "MM"},
		{"Korea, North", "KP"},
		{"North Korea", "KP"},
		{"Democratic People's Republic of Korea", "KP"},
		{"Korea, South", "KR"},
		{"Syria", "SY"},
		{"Syrian Arab Republic", "SY"},
		{"Hong Kong", "HK"},
		{"China, Hong Kong Special Administrative Region", "HK"},
		{"Taiwan", "TW"},
		{"Macau", "MO"},
		{"United Kingdom", "GB"},
		{"United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"UAE", "AE"},
		{"United Arab Emirates", "AE"},
		{"Democratic Republic of the Congo", "CD"},
		{"Congo, Democratic Republic of the", "CD"},
		{"Congo", "CG"},
		{"Congo, Republic of the", "CG"},
		{"Türkiye", "TR"},
		{"TÜRKIYE", "TR"},
		{"Turkey", "TR"},
		{"Venezuela", "VE"},
		{"Vietnam", "VN"},
		{"Viet Nam", "VN"},
		{"Czech Republic", "CZ"},
		{"Czechia", "CZ"},
		{"china", "CN"},
		{"CHINA.", "CN"},
		{"PRC", "CN"},
		{"  United   States  ", "US"},
		{"United States of America", "US"},
		{"Bahamas, The", "BS"},
		{"The Gambia", "GM"},
		{"Man, Isle of", "IM"},
		{"Cote d Ivoire", "CI"},
		{"Côte d'Ivoire", "CI"},
		{"St. Kitts & Nevis", "KN"},
		{"Saint Vincent and the Grenadines", "VC"},
		{"Virgin Islands, British", "VG"},
		{"North Macedonia, The Republic of", "MK"},
		{"Palestinian", "PS"},
		{"State of Palestine", "PS"},
		{"United Republic of Tanzania", "TZ"},
		{"Kosovo", "XK"},
		{"Laos", "LA"},
		{"Curaçao", "CW"},
		{"Åland Islands", "AX"},
		{"Zimbabwe", "ZW"},
		{"Afghanistan", "AF"},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++)
		code(pairs[i][0], pairs[i][1]);
}

Test(country, unknown_names)
{
	code("Atlantis", NULL);
	code("Region: Gaza", NULL);
	code("undetermined", NULL);
	code("former Soviet Union", NULL);
	code("Korea", NULL);
	code("\xff\xfe", NULL);
	/* a long string is no country and is not read past n */
	char big[300];
	memset(big, 'a', sizeof(big));
	cr_expect_null(clr__country_code(big, sizeof(big)));
	cr_expect_null(clr__country_code("China", 4), "only n bytes are read");
	cr_expect_str_eq(clr__country_code("China, and more", 5), "CN");
}

static void date(const char *in, const char *want)
{
	char out[11] = "unchanged";
	int rc = clr__parse_date(in, strlen(in), out);
	if (!want) {
		cr_expect_eq(rc, -1, "'%s' accepted as '%s'", in, out);
		return;
	}
	cr_expect_eq(rc, 0, "'%s' refused", in);
	cr_expect_str_eq(out, want, "'%s' -> '%s', expected '%s'", in, out, want);
}

Test(country, dates)
{
	date("2025-03-28", "2025-03-28");
	date("03/28/2025", "2025-03-28");
	date("3/28/25", "2025-03-28");
	date("3/8/2025", "2025-03-08");
	date("9/4/02", "2002-09-04");
	date("1/30/69", "2069-01-30");
	date("1/30/70", "1970-01-30");
	date("12/31/99", "1999-12-31");
	date("28 Mar 2025", "2025-03-28");
	date("1 January 2001", "2001-01-01");
	date("05 Sept 2019", "2019-09-05");
	date("24 Feb. 2022", "2022-02-24");
	date(" 2024-02-29 ", "2024-02-29");
	date("2015-04-07-04:00", "2015-04-07");
	date("2025-03-28T00:00:00Z", "2025-03-28");
	date("2025", NULL);
	date("", NULL);
	date("13/01/2025", NULL);
	date("00/10/2025", NULL);
	date("02/30/2025", NULL);
	date("2023-02-29", NULL);
	date("2025-13-01", NULL);
	date("2025-1-1", NULL);
	date("32 Jan 2025", NULL);
	date("1 Foo 2025", NULL);
	date("3/28/202", NULL);
	date("3/28/20255", NULL);
	date("03/28/2025 extra", NULL);
	date("2025-03-28junk", NULL);
	date("Mar 28 2025", NULL);
}

Test(country, date_reads_only_n_bytes)
{
	char out[11];
	cr_expect_eq(clr__parse_date("2025-03-28999", 10, out), 0);
	cr_expect_str_eq(out, "2025-03-28");
	cr_expect_eq(clr__parse_date("3/28/2025", 6, out), -1, "'3/28/2' has a one-digit year");
	cr_expect_eq(clr__parse_date("3/28/2025", 7, out), 0);
	cr_expect_str_eq(out, "2020-03-28");
}
