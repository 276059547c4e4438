/*
 * norm.c - turns any UTF-8 name into canonical ASCII tokens: utf8proc for
 * NFKC, case folding and mark stripping; ICU for every non-Latin script
 * (BGN/PCGN for Russian, pinyin for Han); then punctuation, dotted
 * abbreviations, the vocabulary of tables.c.  Must stay deterministic and
 * identical for listed names and queries; never prints.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

#include "norm.h"
#include "tables.h"
#include "../util/util.h"

#define CP_CAP (4 * CLR_MAX_NAME_BYTES)
#define U_CAP (16 * CLR_MAX_NAME_BYTES)
#define TXT_CAP (4 * U_CAP)

struct clr_norm {
	UTransliterator *tr;
	int tr_failed;
	utf8proc_int32_t cps[CP_CAP];
	UChar u[U_CAP];
	char txt[TXT_CAP];
};

int clr__norm_new(clr_norm **out)
{
	*out = calloc(1, sizeof(clr_norm));
	return *out ? 0 : CLR_ENOMEM;
}

void clr__norm_free(clr_norm *nm)
{
	if (!nm)
		return;
	if (nm->tr)
		utrans_close(nm->tr);
	free(nm);
}

static UTransliterator *translit(clr_norm *nm)
{
	if (nm->tr || nm->tr_failed)
		return nm->tr;
	UErrorCode st = U_ZERO_ERROR;
	UChar id[128];
	/* BGN writes the soft and hard signs as primes (U+02B9, U+02BA) and
	 * puts a middle dot (U+00B7) between letters that could be read as one
	 * (t, s for two letters, not ts for one): all three go, or a prime would
	 * become a quote that splits the word and a dot would stay inside it.
	 * Marks last: a transliteration may leave combining marks behind. */
	u_uastrcpy(id, "Russian-Latin/BGN; Any-Latin; [\\u00B7\\u02B9\\u02BA] Remove; Latin-ASCII; "
	               "[:M:] Remove");
	nm->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		nm->tr = NULL;
		nm->tr_failed = 1;
	}
	return nm->tr;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Folds s into nm->txt: NFKC + case fold + marks stripped, then any script
 * to Latin ASCII.  Points txt and tn at the text to tokenise. */
static int fold(clr_norm *nm, const char *s, size_t n, const char **txt, size_t *tn)
{
	const int opts = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	                 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_STRIPCC;
	utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	                                        nm->cps, CP_CAP, opts);
	if (k < 0)
		return CLR_EINPUT;
	if (k > CP_CAP)
		return CLR_ELIMIT;
	k = utf8proc_reencode(nm->cps, k, opts);
	if (k < 0)
		return CLR_EINPUT;
	const char *f = (const char *)nm->cps; /* reencode writes UTF-8 in place */
	size_t fn = (size_t)k;
	if (is_ascii(f, fn) || !translit(nm)) {
		memcpy(nm->txt, f, fn);
		*txt = nm->txt;
		*tn = fn;
		return 0;
	}
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0;
	u_strFromUTF8(nm->u, U_CAP, &ulen, f, (int32_t)fn, &st);
	if (U_FAILURE(st))
		return CLR_EINPUT;
	int32_t limit = ulen;
	utrans_transUChars(nm->tr, nm->u, &ulen, U_CAP, 0, &limit, &st);
	if (U_FAILURE(st) || ulen > (int32_t)U_CAP)
		return CLR_ELIMIT;
	int32_t olen = 0;
	u_strToUTF8(nm->txt, TXT_CAP, &olen, nm->u, ulen, &st);
	if (U_FAILURE(st))
		return CLR_ELIMIT;
	*txt = nm->txt;
	*tn = (size_t)olen;
	return 0;
}

typedef struct raw_tok {
	size_t start, len;
	int dot_after;   /* immediately followed by '.' */
	int glued_next;  /* next token starts right after that '.' */
} raw_tok;

static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

unsigned clr__norm_token_flags(const char *tok, size_t len)
{
	unsigned f = 0;
	for (size_t i = 0; i < len; i++)
		if (isdigit((unsigned char)tok[i])) {
			f |= CLR_TOK_DIGIT;
			break;
		}
	unsigned v;
	(void)clr__vocab(tok, len, &v);
	if (v & CLR_VOCAB_LEGAL)
		f |= CLR_TOK_LEGAL;
	if (v & CLR_VOCAB_STOP)
		f |= CLR_TOK_STOP;
	return f;
}

/* Working token list of canonical words, each NUL-terminated in pool. */
typedef struct words {
	size_t n;
	char w[CLR_MAX_TOKENS][CLR_MAX_TOKEN_BYTES + 1];
} words;

static void words_add(words *ws, const char *s, size_t n)
{
	if (ws->n >= CLR_MAX_TOKENS || !n)
		return;
	n = clr__utf8_cut(s, n, CLR_MAX_TOKEN_BYTES);
	memcpy(ws->w[ws->n], s, n);
	ws->w[ws->n][n] = '\0';
	ws->n++;
}

/* Number of words of phrase p matching at ws[i]; 0 when it does not match. */
static size_t phrase_match(const words *ws, size_t i, const char *p)
{
	size_t k = 0;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (i + k >= ws->n || strlen(ws->w[i + k]) != len || memcmp(ws->w[i + k], p, len))
			return 0;
		k++;
		p += len + (sp ? 1 : 0);
	}
	return k;
}

static void apply_phrases(words *ws)
{
	words out;
	out.n = 0;
	for (size_t i = 0; i < ws->n;) {
		size_t best = 0;
		const char *to = NULL;
		const char *w = ws->w[i];
		size_t wl = strlen(w);
		for (size_t p = 0; p < clr__nphrases; p++) {
			const char *f = clr__phrases[p].from;
			/* the phrase's first word must be this word */
			if (f[0] != w[0] || strncmp(f, w, wl) || (f[wl] != ' ' && f[wl] != '\0'))
				continue;
			size_t k = phrase_match(ws, i, clr__phrases[p].from);
			if (k > best) {
				best = k;
				to = clr__phrases[p].to;
			}
		}
		if (!best) {
			words_add(&out, ws->w[i], strlen(ws->w[i]));
			i++;
			continue;
		}
		while (*to) {
			const char *sp = strchr(to, ' ');
			size_t len = sp ? (size_t)(sp - to) : strlen(to);
			words_add(&out, to, len);
			to += len + (sp ? 1 : 0);
		}
		i += best;
	}
	ws->n = out.n;
	memcpy(ws->w, out.w, out.n * sizeof(out.w[0]));
}

int clr__norm_tokens(clr_norm *nm, const char *s, size_t n, clr_tokens *out)
{
	const char *txt = s;
	size_t tn = n;
	int rc;
	out->n = 0;
	if (n > CLR_MAX_NAME_BYTES)
		return CLR_ELIMIT;
	if (!is_ascii(s, n)) {
		if (clr__utf8_invalid_at(s, n) != (size_t)-1)
			return CLR_EINPUT;
		if ((rc = fold(nm, s, n, &txt, &tn)) < 0)
			return rc;
	}

	/* 1. raw tokens: alphanumerics; apostrophes and '?' inside a word join
	 * (O'Brien, Xi?an, encoding damage); '&' is "and". */
	static _Thread_local raw_tok raw[CLR_MAX_TOKENS * 2];
	static _Thread_local char low[TXT_CAP + 4 * CLR_MAX_TOKENS * 2];
	size_t nraw = 0, lown = 0;
	size_t i = 0;
	while (i < tn && nraw < CLR_MAX_TOKENS * 2) {
		unsigned char c = (unsigned char)txt[i];
		if (c == '&') {
			raw[nraw++] = (raw_tok){lown, 3, 0, 0};
			memcpy(low + lown, "and", 3);
			lown += 3;
			i++;
			continue;
		}
		if (!is_word_byte(c)) {
			i++;
			continue;
		}
		size_t start = lown;
		while (i < tn) {
			c = (unsigned char)txt[i];
			if (is_word_byte(c)) {
				low[lown++] = (char)tolower(c);
				i++;
			} else if ((c == '\'' || c == '?') && i + 1 < tn &&
			           is_word_byte((unsigned char)txt[i + 1]) && lown > start) {
				i++;
			} else {
				break;
			}
		}
		raw_tok t = {start, lown - start, 0, 0};
		if (i < tn && txt[i] == '.') {
			t.dot_after = 1;
			t.glued_next = i + 1 < tn && is_word_byte((unsigned char)txt[i + 1]);
		}
		raw[nraw++] = t;
	}

	/* 2. dotted single letters join: "S.A." -> "sa", "U.S.A" -> "usa"; two
	 * that are no word of the vocabulary stay initials (step 3). */
	words ws;
	ws.n = 0;
	for (size_t k = 0; k < nraw;) {
		size_t j = k;
		if (raw[k].len == 1 && raw[k].dot_after && raw[k].glued_next) {
			while (j + 1 < nraw && raw[j].len == 1 && raw[j].dot_after && raw[j].glued_next &&
			       raw[j + 1].len == 1)
				j++;
		}
		char w[CLR_MAX_TOKEN_BYTES + 1];
		size_t wl = 0;
		if (j > k) {
			for (size_t m = k; m <= j && wl < CLR_MAX_TOKEN_BYTES; m++)
				w[wl++] = low[raw[m].start];
		} else {
			wl = clr__utf8_cut(low + raw[k].start, raw[k].len, CLR_MAX_TOKEN_BYTES);
			memcpy(w, low + raw[k].start, wl);
		}
		w[wl] = '\0';
		size_t nletters = j > k ? j - k + 1 : 0; /* dotted letters joined into w */
		k = j + 1;
		/* 3. abbreviation -> canonical word ("L.T.D." as well as "Ltd") */
		unsigned vf;
		const char *canon = clr__vocab(w, wl, &vf);
		if (canon) {
			words_add(&ws, canon, strlen(canon));
		} else if (nletters == 2 && !vf) {
			/* two dotted letters that are no word of the vocabulary (a
			 * legal form like "S.A." is) are initials ("Timchenko G.N.");
			 * joined spans still meet a listed "gn" */
			words_add(&ws, w, 1);
			words_add(&ws, w + 1, 1);
		} else {
			words_add(&ws, w, wl);
		}
	}

	/* 4. multi-word phrases (legal forms in many languages, Hong Kong ...) */
	apply_phrases(&ws);

	size_t off = 0;
	for (size_t k = 0; k < ws.n; k++) {
		size_t len = strlen(ws.w[k]);
		memcpy(out->buf + off, ws.w[k], len + 1);
		out->tok[k] = out->buf + off;
		out->len[k] = (uint8_t)len;
		out->flags[k] = (uint8_t)clr__norm_token_flags(ws.w[k], len);
		off += len + 1;
	}
	out->n = ws.n;
	return 0;
}

size_t clr__norm_join(const clr_tokens *t, char *out, size_t cap)
{
	size_t o = 0;
	if (!cap)
		return 0;
	for (size_t k = 0; k < t->n; k++) {
		size_t len = t->len[k];
		if (o + len + 2 > cap)
			break;
		if (k)
			out[o++] = ' ';
		memcpy(out + o, t->tok[k], len);
		o += len;
	}
	out[o] = '\0';
	return o;
}
