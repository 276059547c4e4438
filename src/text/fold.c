/*
 * fold.c - the first stage of normalisation: any UTF-8 name to raw lowercase
 * ASCII words.  utf8proc folds (NFKC, case, marks); Chinese terms may be
 * swapped for English through a caller's hook before ICU writes every other
 * script in Latin (BGN/PCGN for Russian, pinyin for Han, one word per Hangul
 * syllable); then words are cut at punctuation, camel case and leetspeak
 * are read, and dotted letters joined.  Knows no vocabulary: the knowledge
 * tables are generated with this stage alone (src/names/gen.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

#include "fold.h"
#include "../util/util.h"

#define CP_CAP (4 * CLR_MAX_NAME_BYTES)
#define U_CAP (16 * CLR_MAX_NAME_BYTES)
#define TXT_CAP (4 * U_CAP)

struct clr_fold {
	UTransliterator *tr;
	int tr_failed;
	clr_fold_term_fn term; /* Han terms to English, or NULL */
	utf8proc_int32_t cps[CP_CAP];
	UChar u[U_CAP];
	char txt[TXT_CAP];
	char pre[TXT_CAP];
};

int clr__fold_new(clr_fold **out, clr_fold_term_fn term)
{
	*out = calloc(1, sizeof(clr_fold));
	if (!*out)
		return CLR_ENOMEM;
	(*out)->term = term;
	return 0;
}

void clr__fold_free(clr_fold *f)
{
	if (!f)
		return;
	if (f->tr)
		utrans_close(f->tr);
	free(f);
}

static UTransliterator *translit(clr_fold *f)
{
	if (f->tr || f->tr_failed)
		return f->tr;
	UErrorCode st = U_ZERO_ERROR;
	UChar id[160];
	/* BGN writes the soft and hard signs as primes (U+02B9, U+02BA) and
	 * puts a middle dot (U+00B7) between letters that could be read as one
	 * (t, s for two letters, not ts for one): all three go, or a prime would
	 * become a quote that splits the word and a dot would stay inside it.
	 * The Arabic ayn and hamza (U+02BF, U+02BE) go too: a word does not
	 * split at them.  Marks last: a transliteration may leave some behind. */
	u_uastrcpy(id, "Russian-Latin/BGN; Any-Latin; [\\u00B7\\u02B9\\u02BA\\u02BE\\u02BF] Remove; "
	               "Latin-ASCII; [:M:] Remove");
	f->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		f->tr = NULL;
		f->tr_failed = 1;
	}
	return f->tr;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* The code point at s (valid UTF-8, n > 0) and its length in *len. */
static uint32_t cp_at(const char *s, size_t n, size_t *len)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
	*len = k > 0 ? (size_t)k : 1;
	return k > 0 ? (uint32_t)c : 0xfffd;
}

static int is_hangul(uint32_t c)
{
	return c >= 0xac00 && c <= 0xd7a3;
}

/* Before ICU: Chinese terms the hook knows become " english " (the rest of
 * a Han name goes to pinyin), Hangul syllables are written apart, so that
 * each is a word as in "Kim Min Jun" (ICU would write them as one), and
 * the katakana middle dot between a name's words is a space.
 * Returns the new length, or n unchanged when nothing applied. */
static size_t pre_script(clr_fold *f, const char *s, size_t n, const char **out)
{
	size_t o = 0;
	int changed = 0;
	*out = s;
	for (size_t i = 0; i < n;) {
		size_t cl;
		uint32_t c = cp_at(s + i, n - i, &cl);
		const char *en = NULL;
		size_t tl = c >= 0x3400 && f->term ? f->term(s + i, n - i, &en) : 0;
		if (tl && en) {
			size_t el = strlen(en);
			if (o + el + 2 > TXT_CAP)
				return n;
			f->pre[o++] = ' ';
			memcpy(f->pre + o, en, el);
			o += el;
			f->pre[o++] = ' ';
			i += tl;
			changed = 1;
			continue;
		}
		if (o + cl + 1 > TXT_CAP)
			return n;
		if (c == 0x30fb) { /* the katakana middle dot parts a name's words */
			f->pre[o++] = ' ';
			i += cl;
			changed = 1;
			continue;
		}
		memcpy(f->pre + o, s + i, cl);
		o += cl;
		i += cl;
		if (is_hangul(c) && i < n) {
			size_t nl;
			if (is_hangul(cp_at(s + i, n - i, &nl))) {
				f->pre[o++] = ' ';
				changed = 1;
			}
		}
	}
	if (!changed)
		return n;
	*out = f->pre;
	return o;
}

/* Folds s into f->txt: NFKC + case fold + marks stripped, then any script
 * to Latin ASCII.  Points txt and tn at the text to tokenise. */
/* 1 when s holds a script whose combining marks are letters of its own
 * (kana's voicing marks: だ is not た; the vowel signs of Indic scripts and
 * Thai): those are left to ICU, which romanises them, not stripped. */
static int marks_matter(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t cl;
		uint32_t c = cp_at(s + i, n - i, &cl);
		if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0xff65 && c <= 0xff9f) ||
		    (c >= 0x0900 && c <= 0x0dff) || (c >= 0x0e00 && c <= 0x0e7f))
			return 1;
		i += cl;
	}
	return 0;
}

static int fold(clr_fold *f, const char *s, size_t n, const char **txt, size_t *tn)
{
	const int opts = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	                 (marks_matter(s, n) ? 0 : UTF8PROC_STRIPMARK) | UTF8PROC_IGNORE |
	                 UTF8PROC_STRIPCC;
	utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	                                        f->cps, CP_CAP, opts);
	if (k < 0)
		return CLR_EINPUT;
	if (k > CP_CAP)
		return CLR_ELIMIT;
	k = utf8proc_reencode(f->cps, k, opts);
	if (k < 0)
		return CLR_EINPUT;
	const char *fs = (const char *)f->cps; /* reencode writes UTF-8 in place */
	size_t fn = (size_t)k;
	if (is_ascii(fs, fn) || !translit(f)) {
		memcpy(f->txt, fs, fn);
		*txt = f->txt;
		*tn = fn;
		return 0;
	}
	fn = pre_script(f, fs, fn, &fs);
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0;
	u_strFromUTF8(f->u, U_CAP, &ulen, fs, (int32_t)fn, &st);
	if (U_FAILURE(st))
		return st == U_BUFFER_OVERFLOW_ERROR ? CLR_ELIMIT : CLR_EINPUT;
	int32_t limit = ulen;
	utrans_transUChars(f->tr, f->u, &ulen, U_CAP, 0, &limit, &st);
	if (U_FAILURE(st) || ulen > (int32_t)U_CAP)
		return CLR_ELIMIT;
	int32_t olen = 0;
	u_strToUTF8(f->txt, TXT_CAP, &olen, f->u, ulen, &st);
	if (U_FAILURE(st))
		return CLR_ELIMIT;
	*txt = f->txt;
	*tn = (size_t)olen;
	return 0;
}

typedef struct raw_tok {
	size_t start, len;
	int dot_after;  /* immediately followed by '.' */
	int glued_next; /* next token starts right after that '.' */
	unsigned flags; /* CLR_WORD_* */
} raw_tok;

static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Digits written for letters ("Ig0r Sech1n", "L1M17ED", "B4NCO"): in a word
 * of three letters or more, with no more digits than letters, every digit
 * one that imitates a letter and no run of three: 0 o, 1 i (l after a
 * vowel: "Gui11ermo", "Gonz41ez"), 3 e, 4 a, 5 s, 7 t.  Codes and numbers
 * keep their digits ("A320", "T-72", "MiG29", "3rd", "4x4"). */
static int read_leet(char *w, size_t n)
{
	static const char from[] = "0134578", to[] = "oieast";
	size_t letters = 0, digits = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		if (isalpha((unsigned char)w[i])) {
			letters++;
			run = 0;
		} else if (isdigit((unsigned char)w[i])) {
			digits++;
			if (++run > 2 || !strchr(from, w[i]) || w[i] == '8')
				return 0;
		}
	}
	if (!digits || letters < 3 || digits > letters)
		return 0;
	int after_vowel = 0; /* the letter before, as read */
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)w[i])) {
			after_vowel = strchr("aeiou", w[i]) != NULL;
			continue;
		}
		char c = to[strchr(from, w[i]) - from];
		if (w[i] == '1' && (after_vowel || (i > 0 && w[i - 1] == 'l')))
			c = 'l'; /* "Gui11ermo": both ones after the vowel are l */
		after_vowel = strchr("aeiou", c) != NULL;
		w[i] = c;
	}
	return 1;
}

/* Prefixes that a capital follows inside one name ("McDonald", "DeLuca",
 * "MacArthur", "LaSalle", "VanDyke"): no camel-case split after them. */
static int name_prefix(const char *s, size_t n)
{
	static const char *const p[] = {"mc", "mac", "de", "di", "da", "du", "la", "le",
	                                 "van", "von", "der", "den", "fitz", "al", "el", "ben",
	                                 "abu", "ibn", "bin", "st"};
	for (size_t i = 0; i < sizeof(p) / sizeof(*p); i++)
		if (strlen(p[i]) == n && !strncasecmp(s, p[i], n))
			return 1;
	return 0;
}

/* Where a camel-case word splits ("FridrichBuchenberg",
 * "GazpromGeologorazvedkaOoo"): at a capital between lower-case letters,
 * two on each side, in a word mostly in lower case so far, after no name
 * prefix ("MacArthur"); a stray capital or lower-case letter in a word
 * written in one case ("CONSTgRUCCIONES") is a typo, not a second word.  0
 * when it does not split.  s is the original (ASCII) text from the word's
 * start; n its length. */
static size_t camel_split(const char *s, size_t n)
{
	size_t w = 0; /* the run of letters the word starts with */
	while (w < n && isalpha((unsigned char)s[w]))
		w++;
	if (w < n && is_word_byte((unsigned char)s[w]))
		return 0; /* digits or other bytes inside: a code, not two names */
	size_t upper = 0, lower = 0;
	for (size_t i = 0; i < w; i++) {
		/* a capital after two lower-case letters, the word so far mostly in
		 * lower case, and two lower-case letters after it */
		if (i >= 3 && isupper((unsigned char)s[i]) && islower((unsigned char)s[i - 1]) &&
		    islower((unsigned char)s[i - 2]) && lower >= upper && i + 2 < w &&
		    islower((unsigned char)s[i + 1]) && islower((unsigned char)s[i + 2]) &&
		    !name_prefix(s, i))
			return i;
		if (isupper((unsigned char)s[i]))
			upper++;
		else
			lower++;
	}
	return 0;
}

int clr__fold_words(clr_fold *f, const char *s, size_t n, clr_words *out)
{
	const char *txt = s;
	size_t tn = n;
	int rc;
	out->n = 0;
	if (n > CLR_MAX_NAME_BYTES)
		return CLR_ELIMIT;
	int ascii = is_ascii(s, n);
	if (!ascii) {
		if (clr__utf8_invalid_at(s, n) != (size_t)-1)
			return CLR_EINPUT;
		if ((rc = fold(f, s, n, &txt, &tn)) < 0)
			return rc;
	}

	/* 1. raw tokens: alphanumerics; apostrophes, '?' and '`' inside a word
	 * join (O'Brien, Xi?an, encoding damage, GOST 7.79's soft sign in
	 * "Vasil`evich"); '&' is "and"; camel case splits
	 * when the text is still as written (ASCII: not case-folded). */
	static _Thread_local raw_tok raw[CLR_MAX_TOKENS * 2];
	static _Thread_local char low[TXT_CAP + 4 * CLR_MAX_TOKENS * 2];
	size_t nraw = 0, lown = 0;
	size_t i = 0;
	int camel = 0; /* the previous word ended at a camel-case split */
	while (i < tn && nraw < CLR_MAX_TOKENS * 2) {
		unsigned char c = (unsigned char)txt[i];
		if (c == '&') {
			raw[nraw++] = (raw_tok){lown, 3, 0, 0, 0};
			memcpy(low + lown, "and", 3);
			lown += 3;
			i++;
			camel = 0;
			continue;
		}
		if (!is_word_byte(c)) {
			i++;
			camel = 0;
			continue;
		}
		size_t start = lown, split = ascii ? camel_split(txt + i, tn - i) : 0;
		size_t end = split ? i + split : 0;
		unsigned flags = camel ? CLR_WORD_CAMEL : 0;
		camel = 0;
		while (i < tn) {
			c = (unsigned char)txt[i];
			if (end && i == end) {
				camel = 1; /* the rest of the word is a word of its own */
				flags |= CLR_WORD_CAMEL;
				break;
			}
			if (is_word_byte(c)) {
				low[lown++] = (char)tolower(c);
				i++;
			} else if ((c == '\'' || c == '?' || c == '`') && i + 1 < tn &&
			           is_word_byte((unsigned char)txt[i + 1]) && lown > start) {
				i++;
			} else {
				break;
			}
		}
		if (read_leet(low + start, lown - start))
			flags |= CLR_WORD_LEET;
		if (!camel && i + 1 < tn && txt[i] == '-' && is_word_byte((unsigned char)txt[i + 1]))
			flags |= CLR_WORD_HYPHEN;
		raw_tok t = {start, lown - start, 0, 0, flags};
		if (!camel && i < tn && txt[i] == '.') {
			t.dot_after = 1;
			t.glued_next = i + 1 < tn && is_word_byte((unsigned char)txt[i + 1]);
		}
		raw[nraw++] = t;
	}

	/* 2. a word written letter by letter joins ("A N A T O L Y"): a run of
	 * three single letters or more, undotted */
	for (size_t k = 0; k + 2 < nraw;) {
		size_t j = k;
		while (j < nraw && raw[j].len == 1 && !raw[j].dot_after &&
		       isalpha((unsigned char)low[raw[j].start]))
			j++;
		if (j - k < 3) {
			k = j > k ? j : k + 1;
			continue;
		}
		/* the letters lie apart in low: copy them together at the end */
		size_t start = lown;
		for (size_t m = k; m < j && lown < sizeof(low); m++)
			low[lown++] = low[raw[m].start];
		raw[k] = (raw_tok){start, lown - start, 0, 0, 0};
		memmove(raw + k + 1, raw + j, (nraw - j) * sizeof(raw_tok));
		nraw -= j - k - 1;
		k++;
	}

	/* 3. dotted single letters join: "S.A." -> "sa", "U.S.A" -> "usa" */
	for (size_t k = 0; k < nraw && out->n < CLR_MAX_TOKENS;) {
		size_t j = k;
		if (raw[k].len == 1 && raw[k].dot_after && raw[k].glued_next) {
			while (j + 1 < nraw && raw[j].len == 1 && raw[j].dot_after && raw[j].glued_next &&
			       raw[j + 1].len == 1)
				j++;
		}
		char *w = out->w[out->n];
		size_t wl = 0;
		if (j > k) {
			for (size_t m = k; m <= j && wl < CLR_MAX_TOKEN_BYTES; m++)
				w[wl++] = low[raw[m].start];
		} else {
			wl = clr__utf8_cut(low + raw[k].start, raw[k].len, CLR_MAX_TOKEN_BYTES);
			memcpy(w, low + raw[k].start, wl);
		}
		w[wl] = '\0';
		out->len[out->n] = (uint8_t)wl;
		out->dotted[out->n] = (uint8_t)(j > k ? j - k + 1 : 0);
		out->flags[out->n] = (uint8_t)(j > k ? 0 : raw[k].flags);
		out->dot_after[out->n] = (uint8_t)raw[j].dot_after;
		if (wl)
			out->n++;
		k = j + 1;
	}
	return 0;
}
