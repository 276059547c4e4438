/*
 * country.c - country names and codes as the lists write them, mapped to
 * ISO 3166-1 alpha-2, and the date forms the lists use, mapped to ISO 8601.
 * Pure functions over static tables: never allocate, never read past n.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "loader.h"

/* ISO 3166-1 alpha-2, plus XK (Kosovo, user-assigned but used by every US
 * list), sorted. */
static const char *const codes[] = {
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW",
	"AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN",
	"BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG",
	"CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
	"DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI",
	"FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
	"GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR",
	"HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
	"JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
	"LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME",
	"MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
	"MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
	"NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR",
	"PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD",
	"SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
	"SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
	"TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
	"VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
};

/* Official ISO short names and the forms US and UN lists use ("Korea,
 * North", "Burma", "Iran (Islamic Republic of)", "UAE" ...), as normalised
 * keys (see name_key), sorted by strcmp for bsearch. */
static const struct country_name {
	const char *key;
	const char *code;
} names[] = {
	{"afghanistan", "AF"},
	{"aland islands", "AX"},
	{"albania", "AL"},
	{"algeria", "DZ"},
	{"america", "US"},
	{"american samoa", "AS"},
	{"andorra", "AD"},
	{"angola", "AO"},
	{"anguilla", "AI"},
	{"antarctica", "AQ"},
	{"antigua and barbuda", "AG"},
	{"argentina", "AR"},
	{"armenia", "AM"},
	{"aruba", "AW"},
	{"australia", "AU"},
	{"austria", "AT"},
	{"azerbaijan", "AZ"},
	{"bahamas", "BS"},
	{"bahrain", "BH"},
	{"bangladesh", "BD"},
	{"barbados", "BB"},
	{"belarus", "BY"},
	{"belgium", "BE"},
	{"belize", "BZ"},
	{"benin", "BJ"},
	{"bermuda", "BM"},
	{"bhutan", "BT"},
	{"bolivia", "BO"},
	{"bolivia plurinational state of", "BO"},
	{"bonaire", "BQ"},
	{"bonaire sint eustatius and saba", "BQ"},
	{"bosnia", "BA"},
	{"bosnia and herzegovina", "BA"},
	{"bosnia herzegovina", "BA"},
	{"botswana", "BW"},
	{"bouvet island", "BV"},
	{"brazil", "BR"},
	{"britain", "GB"},
	{"british indian ocean territory", "IO"},
	{"british virgin islands", "VG"},
	{"brunei", "BN"},
	{"brunei darussalam", "BN"},
	{"bulgaria", "BG"},
	{"burkina faso", "BF"},
	{"burma", "MM"},
	{"burundi", "BI"},
	{"cabo verde", "CV"},
	{"cambodia", "KH"},
	{"cameroon", "CM"},
	{"canada", "CA"},
	{"cape verde", "CV"},
	{"cayman islands", "KY"},
	{"central african republic", "CF"},
	{"chad", "TD"},
	{"chile", "CL"},
	{"china", "CN"},
	{"china hong kong special administrative region", "HK"},
	{"china macao special administrative region", "MO"},
	{"china peoples republic of", "CN"},
	{"chinese taipei", "TW"},
	{"christmas island", "CX"},
	{"cocos islands", "CC"},
	{"cocos keeling islands", "CC"},
	{"colombia", "CO"},
	{"comoros", "KM"},
	{"congo", "CG"},
	{"congo brazzaville", "CG"},
	{"congo democratic republic of", "CD"},
	{"congo kinshasa", "CD"},
	{"congo republic of", "CG"},
	{"cook islands", "CK"},
	{"costa rica", "CR"},
	{"cote d ivoire", "CI"},
	{"cote divoire", "CI"},
	{"croatia", "HR"},
	{"cuba", "CU"},
	{"curacao", "CW"},
	{"curaçao", "CW"},
	{"cyprus", "CY"},
	{"czech republic", "CZ"},
	{"czechia", "CZ"},
	{"côte d ivoire", "CI"},
	{"côte divoire", "CI"},
	{"democratic peoples republic of korea", "KP"},
	{"democratic republic of the congo", "CD"},
	{"denmark", "DK"},
	{"djibouti", "DJ"},
	{"dominica", "DM"},
	{"dominican republic", "DO"},
	{"dprk", "KP"},
	{"dr congo", "CD"},
	{"drc", "CD"},
	{"east timor", "TL"},
	{"ecuador", "EC"},
	{"egypt", "EG"},
	{"el salvador", "SV"},
	{"emirates", "AE"},
	{"equatorial guinea", "GQ"},
	{"eritrea", "ER"},
	{"estonia", "EE"},
	{"eswatini", "SZ"},
	{"ethiopia", "ET"},
	{"falkland islands", "FK"},
	{"falkland islands malvinas", "FK"},
	{"faroe islands", "FO"},
	{"federated states of micronesia", "FM"},
	{"fiji", "FJ"},
	{"finland", "FI"},
	{"former yugoslav republic of macedonia", "MK"},
	{"france", "FR"},
	{"french guiana", "GF"},
	{"french polynesia", "PF"},
	{"french southern territories", "TF"},
	{"gabon", "GA"},
	{"gambia", "GM"},
	{"gaza", "PS"},
	{"gaza strip", "PS"},
	{"georgia", "GE"},
	{"germany", "DE"},
	{"ghana", "GH"},
	{"gibraltar", "GI"},
	{"great britain", "GB"},
	{"greece", "GR"},
	{"greenland", "GL"},
	{"grenada", "GD"},
	{"guadeloupe", "GP"},
	{"guam", "GU"},
	{"guatemala", "GT"},
	{"guernsey", "GG"},
	{"guinea", "GN"},
	{"guinea bissau", "GW"},
	{"guyana", "GY"},
	{"haiti", "HT"},
	{"heard island and mcdonald islands", "HM"},
	{"holy see", "VA"},
	{"holy see vatican city state", "VA"},
	{"honduras", "HN"},
	{"hong kong", "HK"},
	{"hong kong china", "HK"},
	{"hong kong sar", "HK"},
	{"hong kong special administrative region", "HK"},
	{"hungary", "HU"},
	{"iceland", "IS"},
	{"india", "IN"},
	{"indonesia", "ID"},
	{"iran", "IR"},
	{"iran islamic republic of", "IR"},
	{"iraq", "IQ"},
	{"ireland", "IE"},
	{"islamic republic of iran", "IR"},
	{"isle of man", "IM"},
	{"israel", "IL"},
	{"italy", "IT"},
	{"ivory coast", "CI"},
	{"jamaica", "JM"},
	{"japan", "JP"},
	{"jersey", "JE"},
	{"jordan", "JO"},
	{"kazakhstan", "KZ"},
	{"kenya", "KE"},
	{"kiribati", "KI"},
	{"korea democratic peoples republic of", "KP"},
	{"korea north", "KP"},
	{"korea republic of", "KR"},
	{"korea south", "KR"},
	{"kosovo", "XK"},
	{"kuwait", "KW"},
	{"kyrgyz republic", "KG"},
	{"kyrgyzstan", "KG"},
	{"lao pdr", "LA"},
	{"lao peoples democratic republic", "LA"},
	{"laos", "LA"},
	{"latvia", "LV"},
	{"lebanon", "LB"},
	{"lesotho", "LS"},
	{"liberia", "LR"},
	{"libya", "LY"},
	{"libyan arab jamahiriya", "LY"},
	{"liechtenstein", "LI"},
	{"lithuania", "LT"},
	{"luxembourg", "LU"},
	{"macao", "MO"},
	{"macao sar", "MO"},
	{"macao special administrative region", "MO"},
	{"macau", "MO"},
	{"macau sar", "MO"},
	{"macedonia", "MK"},
	{"macedonia the former yugoslav republic of", "MK"},
	{"madagascar", "MG"},
	{"mainland china", "CN"},
	{"malawi", "MW"},
	{"malaysia", "MY"},
	{"maldives", "MV"},
	{"mali", "ML"},
	{"malta", "MT"},
	{"man isle of", "IM"},
	{"marshall islands", "MH"},
	{"martinique", "MQ"},
	{"mauritania", "MR"},
	{"mauritius", "MU"},
	{"mayotte", "YT"},
	{"mexico", "MX"},
	{"micronesia", "FM"},
	{"micronesia federated state of", "FM"}, /* the Country Chart's spelling */
	{"micronesia federated states of", "FM"},
	{"moldova", "MD"},
	{"moldova republic of", "MD"},
	{"monaco", "MC"},
	{"mongolia", "MN"},
	{"montenegro", "ME"},
	{"montserrat", "MS"},
	{"morocco", "MA"},
	{"mozambique", "MZ"},
	{"myanmar", "MM"},
	{"namibia", "NA"},
	{"nauru", "NR"},
	{"nepal", "NP"},
	{"netherlands", "NL"},
	{"new caledonia", "NC"},
	{"new zealand", "NZ"},
	{"nicaragua", "NI"},
	{"niger", "NE"},
	{"nigeria", "NG"},
	{"niue", "NU"},
	{"norfolk island", "NF"},
	{"north korea", "KP"},
	{"north macedonia", "MK"},
	{"north macedonia the republic of", "MK"},
	{"northern mariana islands", "MP"},
	{"norway", "NO"},
	{"occupied palestinian territory", "PS"},
	{"oman", "OM"},
	{"pakistan", "PK"},
	{"palau", "PW"},
	{"palestine", "PS"},
	{"palestine state of", "PS"},
	{"palestinian", "PS"},
	{"palestinian territories", "PS"},
	{"panama", "PA"},
	{"papua new guinea", "PG"},
	{"paraguay", "PY"},
	{"peoples republic of china", "CN"},
	{"peru", "PE"},
	{"philippines", "PH"},
	{"pitcairn", "PN"},
	{"pitcairn islands", "PN"},
	{"poland", "PL"},
	{"portugal", "PT"},
	{"prc", "CN"},
	{"puerto rico", "PR"},
	{"qatar", "QA"},
	{"republic of korea", "KR"},
	{"republic of moldova", "MD"},
	{"republic of north macedonia", "MK"},
	{"republic of the congo", "CG"},
	{"reunion", "RE"},
	{"romania", "RO"},
	{"russia", "RU"},
	{"russian federation", "RU"},
	{"rwanda", "RW"},
	{"réunion", "RE"},
	{"saint barthelemy", "BL"},
	{"saint barthélemy", "BL"},
	{"saint helena", "SH"},
	{"saint helena ascension and tristan da cunha", "SH"},
	{"saint kitts and nevis", "KN"},
	{"saint lucia", "LC"},
	{"saint martin", "MF"},
	{"saint martin french part", "MF"},
	{"saint pierre and miquelon", "PM"},
	{"saint vincent and the grenadines", "VC"},
	{"samoa", "WS"},
	{"san marino", "SM"},
	{"sao tome and principe", "ST"},
	{"saudi arabia", "SA"},
	{"senegal", "SN"},
	{"serbia", "RS"},
	{"seycheles", "SC"}, /* the Country Chart's spelling (15 CFR 738 Supp. 1) */
	{"seychelles", "SC"},
	{"sierra leone", "SL"},
	{"singapore", "SG"},
	{"sint maarten", "SX"},
	{"sint maarten dutch part", "SX"},
	{"sint maarten the dutch two fifths of the island of saint martin", "SX"}, /* the chart's */
	{"slovak republic", "SK"},
	{"slovakia", "SK"},
	{"slovenia", "SI"},
	{"solomon islands", "SB"},
	{"somalia", "SO"},
	{"south africa", "ZA"},
	{"south georgia and the south sandwich islands", "GS"},
	{"south korea", "KR"},
	{"south sudan", "SS"},
	{"south sudan republic of", "SS"},
	{"spain", "ES"},
	{"sri lanka", "LK"},
	{"st barthelemy", "BL"},
	{"st barthélemy", "BL"},
	{"st helena", "SH"},
	{"st kitts and nevis", "KN"},
	{"st lucia", "LC"},
	{"st martin", "MF"},
	{"st pierre and miquelon", "PM"},
	{"st vincent and the grenadines", "VC"},
	{"state of palestine", "PS"},
	{"sudan", "SD"},
	{"suriname", "SR"},
	{"svalbard and jan mayen", "SJ"},
	{"swaziland", "SZ"},
	{"sweden", "SE"},
	{"switzerland", "CH"},
	{"syria", "SY"},
	{"syrian arab republic", "SY"},
	{"são tomé and príncipe", "ST"},
	{"taiwan", "TW"},
	{"taiwan province of china", "TW"},
	{"tajikistan", "TJ"},
	{"tanzania", "TZ"},
	{"tanzania united republic of", "TZ"},
	{"thailand", "TH"},
	{"timor leste", "TL"},
	{"togo", "TG"},
	{"tokelau", "TK"},
	{"tonga", "TO"},
	{"trinidad and tobago", "TT"},
	{"tunisia", "TN"},
	{"turkey", "TR"},
	{"turkiye", "TR"},
	{"turkmenistan", "TM"},
	{"turks and caicos islands", "TC"},
	{"tuvalu", "TV"},
	{"türkiye", "TR"},
	{"uae", "AE"},
	{"uganda", "UG"},
	{"uk", "GB"},
	{"ukraine", "UA"},
	{"united arab emirates", "AE"},
	{"united kingdom", "GB"},
	{"united kingdom of great britain and northern ireland", "GB"},
	{"united republic of tanzania", "TZ"},
	{"united states", "US"},
	{"united states minor outlying islands", "UM"},
	{"united states of america", "US"},
	{"uruguay", "UY"},
	{"us virgin islands", "VI"},
	{"usa", "US"},
	{"uzbekistan", "UZ"},
	{"vanuatu", "VU"},
	{"vatican", "VA"},
	{"vatican city", "VA"},
	{"vatican city state", "VA"},
	{"venezuela", "VE"},
	{"venezuela bolivarian republic of", "VE"},
	{"viet nam", "VN"},
	{"vietnam", "VN"},
	{"virgin islands british", "VG"},
	{"virgin islands us", "VI"},
	{"wallis and futuna", "WF"},
	{"west bank", "PS"},
	{"west bank and gaza", "PS"},
	{"western sahara", "EH"},
	{"yemen", "YE"},
	{"zaire", "CD"},
	{"zambia", "ZM"},
	{"zimbabwe", "ZW"},
	{"åland islands", "AX"},
};

#define KEY_MAX 96

/* Normalises a country name into a lookup key: ASCII lower case, Latin-1
 * capitals folded, '.' and apostrophes dropped, '&' read as "and", other
 * punctuation as a space, spaces collapsed, a leading "the " and a trailing
 * " the" removed ("Bahamas, The" -> "bahamas").  Returns the key length, or
 * 0 when s is empty or too long to be a country. */
static size_t name_key(const char *s, size_t n, char out[KEY_MAX])
{
	size_t k = 0;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *put = NULL;
		char one[3] = {0};
		if (c < 0x80 && isalnum(c)) {
			one[0] = (char)tolower(c);
		} else if (c == '.' || c == '\'') {
			continue;
		} else if (c == '&') {
			put = "and";
			space = 1;
		} else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		           (unsigned char)s[i + 2] == 0x99) {
			i += 2; /* right single quotation mark, as an apostrophe */
			continue;
		} else if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9E && (unsigned char)s[i + 1] != 0x97) {
			one[0] = (char)c;
			one[1] = (char)((unsigned char)s[++i] + 0x20);
		} else if (c >= 0x80) {
			one[0] = (char)c;
		} else {
			space = 1;
			continue;
		}
		if (!put)
			put = one;
		size_t m = strlen(put);
		if (k + m + 1 >= KEY_MAX)
			return 0;
		if (space && k)
			out[k++] = ' ';
		space = put != one; /* "and" is a word of its own */
		memcpy(out + k, put, m);
		k += m;
	}
	out[k] = '\0';
	if (k > 4 && !memcmp(out, "the ", 4)) {
		memmove(out, out + 4, k - 4 + 1);
		k -= 4;
	}
	if (k > 4 && !memcmp(out + k - 4, " the", 4))
		out[k -= 4] = '\0';
	return k;
}

static int cmp_code(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct country_name *)elem)->key);
}

const char *clr__country_code(const char *s, size_t n)
{
	char key[KEY_MAX];
	if (!s)
		return NULL;
	clr__trim(&s, &n);
	size_t k = name_key(s, n, key);
	if (!k)
		return NULL;
	if (k == 2 && isalpha((unsigned char)key[0]) && isalpha((unsigned char)key[1])) {
		char up[3] = {(char)toupper((unsigned char)key[0]), (char)toupper((unsigned char)key[1]), 0};
		const char *const *c = bsearch(up, codes, sizeof(codes) / sizeof(*codes),
		                               sizeof(*codes), cmp_code);
		if (c)
			return *c;
	}
	const struct country_name *e =
		bsearch(key, names, sizeof(names) / sizeof(*names), sizeof(*names), cmp_name);
	return e ? e->code : NULL;
}

/* ---- dates ---- */

/* Reads 1..max decimal digits at s[*i]; returns -1 when there are none. */
static int digits(const char *s, size_t n, size_t *i, size_t min, size_t max)
{
	size_t start = *i;
	int v = 0;
	while (*i < n && *i - start < max && s[*i] >= '0' && s[*i] <= '9')
		v = v * 10 + (s[(*i)++] - '0');
	return *i - start >= min ? v : -1;
}

static int month_by_name(const char *s, size_t n)
{
	static const char *const months[] = {"january", "february", "march",     "april",
	                                     "may",     "june",     "july",      "august",
	                                     "september", "october", "november", "december"};
	if (n && s[n - 1] == '.')
		n--;
	if (n < 3)
		return -1;
	for (int m = 0; m < 12; m++) {
		size_t len = strlen(months[m]);
		if (n > len)
			continue;
		size_t j = 0;
		while (j < n && tolower((unsigned char)s[j]) == months[m][j])
			j++;
		if (j == n && (n == 3 || n == len || (m == 8 && n == 4))) /* "Sept" */
			return m + 1;
	}
	return -1;
}

static int valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

int clr__parse_date(const char *s, size_t n, char out[11])
{
	int y = -1, m = -1, d = -1;
	size_t i = 0;
	if (!s)
		return -1;
	clr__trim(&s, &n);
	if (n > 10 && s[4] == '-' && s[7] == '-' && strchr("TZ+- ", s[10])) {
		/* xs:date and xs:dateTime: "2015-04-07-04:00", "2025-03-28T00:00:00Z" */
		for (size_t k = 11; k < n; k++)
			if (!strchr("0123456789:+-.TZ", s[k]))
				return -1;
		n = 10;
	}
	if (n == 10 && s[4] == '-' && s[7] == '-') { /* YYYY-MM-DD */
		y = digits(s, n, &i, 4, 4);
		i = 5;
		m = digits(s, n, &i, 2, 2);
		i = 8;
		d = digits(s, n, &i, 2, 2);
	} else if (memchr(s, '/', n)) { /* M/D/YY, MM/DD/YYYY */
		m = digits(s, n, &i, 1, 2);
		if (m < 0 || i >= n || s[i++] != '/')
			return -1;
		d = digits(s, n, &i, 1, 2);
		if (d < 0 || i >= n || s[i++] != '/')
			return -1;
		size_t at = i;
		y = digits(s, n, &i, 2, 4);
		if (i - at == 3)
			return -1;
		if (y >= 0 && i - at == 2)
			y += y < 70 ? 2000 : 1900;
	} else { /* D Mon YYYY */
		d = digits(s, n, &i, 1, 2);
		if (d < 0 || i >= n || (s[i] != ' ' && s[i] != '-'))
			return -1;
		size_t at = ++i;
		while (i < n && isalpha((unsigned char)s[i]))
			i++;
		if (i < n && s[i] == '.')
			i++;
		m = month_by_name(s + at, i - at);
		if (m < 0 || i >= n || (s[i] != ' ' && s[i] != '-'))
			return -1;
		i++;
		y = digits(s, n, &i, 4, 4);
	}
	if (i != n || !valid_ymd(y, m, d))
		return -1;
	/* valid_ymd bounds every part, so the digits fit exactly */
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}
