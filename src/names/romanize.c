/*
 * romanize.c - how one name is written in different romanisation schemes:
 * a key on which the Russian schemes' (and Japanese long vowels') spellings
 * of a word meet, the consonant skeleton that unvocalised Arabic script
 * gives, the script a name is written in, and the syllable-by-syllable
 * comparison of two names in one Han, Hangul or kana script.  The rules
 * were read off the schemes of data/names/romanization (iuliia) and are
 * written here as code; pure functions, no tables.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "names.h"

/* ---- the transliteration key ---- */

static int vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'I';
}

static int consonant(char c)
{
	return c && !vowel(c);
}

/* Units written differently by the schemes, longest first, and the symbol
 * of the key each becomes (upper case: never a letter of a plain word, so a
 * key holds no unit to rewrite again).  ш and щ share S (shch, shh, sch,
 * sh, German sch); ж Z (zh); х X (kh); ч Q (tsch, tch, ch); ц C (ts, tz,
 * cz); кс K (ks, x); в v (German w). */
static const struct unit {
	const char *from;
	char to;
	uint8_t len;
} units[] = {
#define U(f, t) {f, t, sizeof(f) - 1}
	U("schtsch", 'S'), U("shtch", 'S'), U("shch", 'S'), U("tsch", 'Q'), U("sch", 'S'),
	U("shh", 'S'),     U("tch", 'Q'),   U("sh", 'S'),   U("zh", 'Z'),   U("kh", 'X'),
	U("ch", 'Q'),      U("ts", 'C'),    U("tz", 'C'),   U("cz", 'C'),   U("ks", 'K'),
	U("x", 'K'),       U("w", 'v'),
};

/* The other reading of a word's letters, its second key: GOST 7.79 (system
 * B) writes х as x, where English and most schemes write кс ("Mixail");
 * German writes х as ch, which English reads ч ("Michail", "Chruschtschow",
 * its ч being tsch); French writes у as ou, which the Japanese long o would
 * take ("Iouri" for Yuri: key_pass_with's other). */
static const struct unit units_x[] = {
	U("schtsch", 'S'), U("shtch", 'S'), U("shch", 'S'), U("tsch", 'Q'), U("sch", 'S'),
	U("shh", 'S'),     U("tch", 'Q'),   U("sh", 'S'),   U("zh", 'Z'),   U("kh", 'X'),
	U("ch", 'X'),      U("ts", 'C'),    U("tz", 'C'),   U("cz", 'C'),   U("ks", 'K'),
	U("x", 'X'),       U("w", 'v'),
#undef U
};

/* The letters a unit starts with. */
static int unit_start(char c)
{
	return c == 's' || c == 't' || c == 'z' || c == 'k' || c == 'c' || c == 'x' || c == 'w';
}

/* One pass of the rewriting with the units u, French ou as u when other;
 * returns the length written to out. */
static size_t key_pass_with(const struct unit *u0, size_t nu, int other, const char *w, size_t n,
                            char *out, size_t cap)
{
	char b[2 * 128 + 8];
	size_t o = 0;
	if (n > 128)
		n = 128;
	/* 1. units to symbols; a run of y, i, j (й, и, ы, the -iy, -ii, -yj
	 * endings, ja/ia/ya) to one I */
	for (size_t i = 0; i < n && o + 2 < sizeof(b);) {
		if (w[i] == 'y' || w[i] == 'i' || w[i] == 'j' || w[i] == 'I') {
			while (i < n && (w[i] == 'y' || w[i] == 'i' || w[i] == 'j' || w[i] == 'I'))
				i++;
			b[o++] = 'I';
			continue;
		}
		/* ц written c before e, i, y (GOST 7.79, Polish, Czech) */
		if (w[i] == 'c' && i + 1 < n && (w[i + 1] == 'e' || w[i + 1] == 'i' || w[i + 1] == 'y')) {
			b[o++] = 'C';
			i++;
			continue;
		}
		size_t u = unit_start(w[i]) ? 0 : nu;
		for (; u < nu; u++) {
			size_t l = u0[u].len;
			if (l <= n - i && w[i] == u0[u].from[0] && !memcmp(w + i, u0[u].from, l)) {
				b[o++] = u0[u].to;
				i += l;
				break;
			}
		}
		if (u == nu)
			b[o++] = w[i++];
	}
	/* 2. context: е written ye/je/ie, ье written ye or e (Yevgeniy /
	 * Evgenii, Sergeyev / Sergeev, Vasilyev / Vasilev); ё written yo/io after a
	 * consonant and before one (Fyodor / Fedor, Semyonov / Semenov); the
	 * long o of Japanese written ou or oh (Satou, Satoh / Sato); doubled
	 * letters once (Wassiljew / Vasilev, Yuuki / Yuki) */
	size_t k = 0;
	for (size_t i = 0; i < o && k + 1 < cap; i++) {
		char c = b[i], next = i + 1 < o ? b[i + 1] : 0, after = i + 2 < o ? b[i + 2] : 0;
		char prev = k ? out[k - 1] : 0;
		if (c == 'I' && next == 'e')
			continue; /* the e follows */
		if (c == 'I' && next == 'o' && k && consonant(prev) && consonant(after)) {
			out[k++] = 'e';
			i++;
			continue;
		}
		if (other && c == 'o' && next == 'u') {
			out[k++] = 'u';
			i++;
			continue;
		}
		if (c == 'o' && (next == 'u' || next == 'h') && (!after || consonant(after))) {
			out[k++] = 'o';
			i++;
			continue;
		}
		if (k && prev == c)
			continue;
		out[k++] = c;
	}
	return k;
}

static size_t key_pass(const char *w, size_t n, char *out, size_t cap)
{
	return key_pass_with(units, sizeof(units) / sizeof(*units), 0, w, n, out, cap);
}

/* The key of w with the units u (units, or units_x for the second key, the
 * other reading). */
static size_t key_with(const struct unit *u, size_t nu, int other, const char *w, size_t n,
                       char *out, size_t cap)
{
	if (n < 3 || cap < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(w[i] >= 'a' && w[i] <= 'z') && !(w[i] >= 'A' && w[i] <= 'Z'))
			return 0;
	/* rewriting a key may meet a unit a deletion made ("oh" + consonant):
	 * rewrite until nothing changes, so that the key is its own key */
	char a[256], b[256];
	size_t k = key_pass_with(u, nu, other, w, n, a, sizeof(a));
	for (int round = 0; round < 4; round++) {
		size_t k2 = key_pass(a, k, b, sizeof(b));
		if (k2 == k && !memcmp(a, b, k))
			break;
		memcpy(a, b, k2);
		k = k2;
	}
	if (k + 1 > cap)
		k = cap - 1;
	memcpy(out, a, k);
	out[k] = '\0';
	return k;
}

size_t clr__kn_translit_key(const char *w, size_t n, char *out, size_t cap)
{
	return key_with(units, sizeof(units) / sizeof(*units), 0, w, n, out, cap);
}

size_t clr__kn_translit_key2(const char *w, size_t n, char *out, size_t cap)
{
	int any = 0;
	for (size_t i = 0; i < n && !any; i++)
		any = w[i] == 'x' || (i + 1 < n && ((w[i] == 'c' && w[i + 1] == 'h') ||
		                                    (w[i] == 'o' && w[i + 1] == 'u')));
	if (!any)
		return 0;
	char k1[256];
	size_t l2 = key_with(units_x, sizeof(units_x) / sizeof(*units_x), 1, w, n, out, cap);
	size_t l1 = key_with(units, sizeof(units) / sizeof(*units), 0, w, n, k1, sizeof(k1));
	return l2 && (l2 != l1 || memcmp(out, k1, l2)) ? l2 : 0; /* no other reading */
}

/* ---- the Arabic skeleton ---- */

static int plain_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

int clr__kn_vowelless(const char *w, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(w[i] >= 'a' && w[i] <= 'z'))
			return 0;
	for (size_t i = 1; i < n; i++)
		if (plain_vowel(w[i]))
			return 0;
	return 1;
}

/* Letters of the skeleton: the first kept as written (alif, or a consonant);
 * after it the short vowels go and so do y and w, which the script writes
 * for long vowels as often as for consonants (Hussein / hsyn, Yusuf /
 * ywsf); doubled consonants once (the script writes a shadda, not two). */
size_t clr__kn_skeleton(const char *w, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	if (n < 2 || cap < 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(w[i] >= 'a' && w[i] <= 'z'))
			return 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = w[i];
		if (i && (plain_vowel(c) || c == 'y' || c == 'w'))
			continue;
		if (k && out[k - 1] == c)
			continue;
		out[k++] = c;
	}
	out[k] = '\0';
	return k >= 3 ? k : 0; /* two consonants say too little ("bt": bat, beta, bit) */
}

/* ---- scripts ---- */

static clr_kn_script script_of(uint32_t c)
{
	if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x20000 && c <= 0x2ebef) || (c >= 0xf900 && c <= 0xfaff))
		return CLR_KN_HAN;
	if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) ||
	    (c >= 0x3130 && c <= 0x318f))
		return CLR_KN_HANGUL;
	if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
	    (c >= 0xff66 && c <= 0xff9d))
		return CLR_KN_KANA;
	if (c >= 0x0400 && c <= 0x052f)
		return CLR_KN_CYRILLIC;
	if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) ||
	    (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff))
		return CLR_KN_ARABIC;
	if (c < 0x0250 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return CLR_KN_LATIN;
	if (c >= 0x00c0 && c < 0x0250)
		return CLR_KN_LATIN;
	return CLR_KN_OTHER_SCRIPT;
}

/* The letters of each script in s. */
static void count_scripts(const char *s, size_t n, size_t counts[CLR_KN_OTHER_SCRIPT + 1])
{
	memset(counts, 0, (CLR_KN_OTHER_SCRIPT + 1) * sizeof(size_t));
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) { /* ASCII, most names: a letter is Latin, the rest no letter */
			counts[CLR_KN_LATIN] += (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
			i++;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t k =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		utf8proc_category_t cat = utf8proc_category(c);
		if (cat != UTF8PROC_CATEGORY_LO && cat != UTF8PROC_CATEGORY_LU &&
		    cat != UTF8PROC_CATEGORY_LL && cat != UTF8PROC_CATEGORY_LM)
			continue;
		counts[script_of((uint32_t)c)]++;
	}
}

/* A name in Han, Hangul or kana cut into words: each Han character and
 * each Hangul syllable a word of its own (a name's syllables), a run of
 * kana one word (hiragana read as katakana: one name in either), up to 32
 * words of up to 16 characters. */
typedef struct cjk_words {
	size_t n, chars;
	uint32_t c[32][16];
	uint8_t len[32];
} cjk_words;

static void cjk_cut(const char *s, size_t n, cjk_words *w)
{
	int in_kana = 0;
	w->n = w->chars = 0;
	for (size_t i = 0; i < n && w->n < 32;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		clr_kn_script sc = script_of((uint32_t)c);
		if (c >= 0x3041 && c <= 0x3096)
			c += 0x60; /* hiragana -> katakana */
		if (sc == CLR_KN_KANA && c != 0x30fb) {
			if (!in_kana) {
				w->len[w->n++] = 0;
				in_kana = 1;
			}
			if (w->len[w->n - 1] < 16) {
				w->c[w->n - 1][w->len[w->n - 1]++] = (uint32_t)c;
				w->chars++;
			}
			continue;
		}
		in_kana = 0;
		if (sc == CLR_KN_HAN || sc == CLR_KN_HANGUL) {
			w->c[w->n][0] = (uint32_t)c;
			w->len[w->n++] = 1;
			w->chars++;
		}
	}
}

clr_kn_script clr__kn_script(const char *s, size_t n)
{
	size_t counts[CLR_KN_OTHER_SCRIPT + 1];
	count_scripts(s, n, counts);
	clr_kn_script best = CLR_KN_LATIN;
	for (int k = 1; k <= CLR_KN_OTHER_SCRIPT; k++)
		if (counts[k] > counts[best])
			best = (clr_kn_script)k;
	/* kana with kanji is Japanese: Han characters among kana count as kana */
	if (best == CLR_KN_HAN && counts[CLR_KN_KANA])
		best = CLR_KN_KANA;
	return best;
}

double clr__kn_same_script(const char *a, size_t an, const char *b, size_t bn)
{
	clr_kn_script sa = clr__kn_script(a, an), sb = clr__kn_script(b, bn);
	if (sa != sb || (sa != CLR_KN_HAN && sa != CLR_KN_HANGUL && sa != CLR_KN_KANA))
		return -1;
	cjk_words x, y;
	cjk_cut(a, an, &x);
	cjk_cut(b, bn, &y);
	if (!x.chars || !y.chars)
		return -1;
	/* the same characters written with or without spaces between words
	 * (フクダハレアキ / フクダ ハレアキ) */
	if (x.chars == y.chars) {
		size_t i = 0, j = 0, ci = 0, cj = 0, same = 1;
		while (same && i < x.n && j < y.n) {
			same = x.c[i][ci] == y.c[j][cj];
			if (++ci == x.len[i])
				i++, ci = 0;
			if (++cj == y.len[j])
				j++, cj = 0;
		}
		if (same)
			return 1.0;
	}
	/* words equal in every character, one to one, order-free */
	size_t common = 0;
	uint32_t used = 0;
	for (size_t i = 0; i < x.n; i++)
		for (size_t j = 0; j < y.n; j++)
			if (!(used >> j & 1) && x.len[i] == y.len[j] &&
			    !memcmp(x.c[i], y.c[j], x.len[i] * sizeof(uint32_t))) {
				used |= 1u << j;
				common += x.len[i];
				break;
			}
	return (double)common / (double)(x.chars > y.chars ? x.chars : y.chars);
}
