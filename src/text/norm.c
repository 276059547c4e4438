/*
 * norm.c - turns the raw words of fold.c into canonical tokens with the name
 * knowledge of src/names: dotted letters that are no word become initials,
 * typos in vocabulary words are fixed, legal forms in any language become
 * their generic class, abbreviations and organisation terms their English
 * word, number words digits, and multi-word terms one token.  Records the
 * rule behind every changed token.  Must stay deterministic and identical
 * for listed names and queries; never prints.
 */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "norm.h"
#include "../names/names.h"
#include "../util/util.h"

/* The vocabulary typo of a word (clr__kn_word_typo), remembered: a
 * search of the typo tables costs hundreds of comparisons, and the words
 * of names recur.  Direct-mapped; words longer than a slot's text are not
 * remembered. */
#define TYPO_MEMO_SLOTS 1024
typedef struct typo_memo {
	uint64_t h;       /* 0: empty */
	const char *fix;  /* the answer, NULL for none */
	uint8_t len;
	uint8_t cut;      /* without a fix: clr__kn_word_split's answer */
	char w[22];
} typo_memo;

struct clr_norm {
	clr_fold *fold;
	clr_words w;
	typo_memo *memo; /* TYPO_MEMO_SLOTS, allocated at first use */
};

/* The vocabulary typo of an unknown word, or else (*cut) where it splits
 * into two organisation words (clr__kn_word_split); not remembered. */
static const char *typo_or_split(const char *w, size_t n, size_t *cut)
{
	const char *fix = clr__kn_word_typo(w, n);
	*cut = fix ? 0 : clr__kn_word_split(w, n);
	return fix;
}

/* typo_or_split, remembered. */
static const char *word_typo(clr_norm *nm, const char *w, size_t n, size_t *cut)
{
	if (n > sizeof(nm->memo->w) ||
	    (!nm->memo && !(nm->memo = calloc(TYPO_MEMO_SLOTS, sizeof(typo_memo)))))
		return typo_or_split(w, n, cut);
	uint64_t h = clr__hash(w, n) | 1;
	typo_memo *m = &nm->memo[h & (TYPO_MEMO_SLOTS - 1)];
	if (!(m->h == h && m->len == n && !memcmp(m->w, w, n))) {
		size_t c;
		m->fix = typo_or_split(w, n, &c);
		m->cut = (uint8_t)c;
		m->h = h;
		m->len = (uint8_t)n;
		memcpy(m->w, w, n);
	}
	*cut = m->cut;
	return m->fix;
}

static const char *const rule_names[CLR_RULE_NRULES] = {
	[CLR_RULE_NONE] = "",
	[CLR_RULE_VOCAB] = "abbreviation",
	[CLR_RULE_TERM] = "term",
	[CLR_RULE_LEGAL] = "legal_form",
	[CLR_RULE_LEGAL_TYPO] = "legal_form_typo",
	[CLR_RULE_TYPO] = "vocabulary_typo",
	[CLR_RULE_NUMBER] = "number",
	[CLR_RULE_PHRASE] = "phrase",
	[CLR_RULE_CAMEL] = "camel_case",
	[CLR_RULE_LEET] = "digits_as_letters",
	[CLR_RULE_INITIALS] = "initials",
	[CLR_RULE_SPLIT] = "split",
};

const char *clr__rule_name(clr_rule r)
{
	return r < CLR_RULE_NRULES ? rule_names[r] : "";
}

int clr__norm_new(clr_norm **out)
{
	clr_norm *nm = calloc(1, sizeof(clr_norm));
	*out = NULL;
	if (!nm || clr__fold_new(&nm->fold, clr__kn_han_term) < 0) {
		free(nm);
		return CLR_ENOMEM;
	}
	*out = nm;
	return 0;
}

void clr__norm_free(clr_norm *nm)
{
	if (!nm)
		return;
	clr__fold_free(nm->fold);
	free(nm->memo);
	free(nm);
}

unsigned clr__norm_token_flags(const char *tok, size_t len)
{
	unsigned f = 0;
	size_t digits = 0;
	for (size_t i = 0; i < len; i++)
		if (tok[i] >= '0' && tok[i] <= '9')
			digits++;
	if (digits)
		f |= CLR_TOK_DIGIT;
	if (digits && digits == len)
		f |= CLR_TOK_NUMBER;
	clr_kn_word kw;
	if (clr__kn_word(tok, len, &kw) == 0) {
		if (kw.flags & CLR_KN_CLASS)
			return f | CLR_TOK_LEGAL;
		if (kw.flags & CLR_KN_LEGALWORD)
			f |= CLR_TOK_LEGAL;
		if (kw.flags & CLR_KN_STOP)
			f |= CLR_TOK_STOP;
		if (kw.flags & CLR_KN_TITLE)
			f |= CLR_TOK_TITLE;
		if (kw.flags & CLR_KN_PLACE)
			f |= CLR_TOK_PLACE;
	}
	return f;
}

/* The output being built: tokens and what they were read from. */
typedef struct outb {
	clr_tokens *t;
	size_t off, foff;
} outb;

static void emit(outb *o, const char *s, size_t n, clr_rule rule, const char *from, size_t fn)
{
	clr_tokens *t = o->t;
	if (t->n >= CLR_MAX_TOKENS || !n)
		return;
	n = clr__utf8_cut(s, n, CLR_MAX_TOKEN_BYTES);
	memcpy(t->buf + o->off, s, n);
	t->buf[o->off + n] = '\0';
	t->tok[t->n] = t->buf + o->off;
	t->len[t->n] = (uint8_t)n;
	t->rule[t->n] = (uint8_t)rule;
	t->from[t->n] = NULL;
	if (rule != CLR_RULE_NONE && from && fn && (fn != n || memcmp(from, s, n))) {
		fn = clr__utf8_cut(from, fn, CLR_MAX_TOKEN_BYTES);
		if (o->foff + fn + 1 <= sizeof(t->fbuf)) {
			memcpy(t->fbuf + o->foff, from, fn);
			t->fbuf[o->foff + fn] = '\0';
			t->from[t->n] = t->fbuf + o->foff;
			o->foff += fn + 1;
		}
	}
	o->off += n + 1;
	t->n++;
}

/* Emits each space-separated word of s. */
static void emit_words(outb *o, const char *s, clr_rule rule, const char *from, size_t fn)
{
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		emit(o, s, l, rule, from, fn);
		s += l + (e ? 1 : 0);
	}
}

/* The words w[i..i+k) joined with spaces into buf (for "from"). */
static size_t span_text(const clr_words *w, size_t i, size_t k, char *buf, size_t cap)
{
	size_t o = 0;
	for (size_t m = i; m < i + k && m < w->n; m++) {
		if (o + w->len[m] + 2 > cap)
			break;
		if (m > i)
			buf[o++] = ' ';
		memcpy(buf + o, w->w[m], w->len[m]);
		o += w->len[m];
	}
	buf[o] = '\0';
	return o;
}

/* A number's digits into buf. */
static size_t number_text(int v, char *buf, size_t cap)
{
	int k = snprintf(buf, cap, "%d", v);
	return k > 0 && (size_t)k < cap ? (size_t)k : 0;
}

int clr__norm_tokens(clr_norm *nm, const char *s, size_t n, clr_tokens *out)
{
	clr_words *w = &nm->w;
	out->n = 0;
	int rc = clr__fold_words(nm->fold, s, n, w);
	if (rc < 0)
		return rc;

	/* 1. words as the knowledge reads them: two dotted letters that are no
	 * word of it are initials ("Timchenko G.N."); a long word the
	 * vocabulary does not know but holds with one typo is that word */
	static _Thread_local clr_words r;
	static _Thread_local uint8_t rrule[CLR_MAX_TOKENS];
	static _Thread_local uint8_t rsrc[CLR_MAX_TOKENS]; /* index of the word in w */
	static _Thread_local clr_kn_word rkw[CLR_MAX_TOKENS]; /* what the tables say of each */
	r.n = 0;
	for (size_t k = 0; k < w->n && r.n < CLR_MAX_TOKENS; k++) {
		clr_kn_word kw;
		int known = clr__kn_word(w->w[k], w->len[k], &kw) == 0;
		if (w->dotted[k] == 2 && !known) {
			for (size_t m = 0; m < 2 && r.n < CLR_MAX_TOKENS; m++) {
				r.w[r.n][0] = w->w[k][m];
				r.w[r.n][1] = '\0';
				r.len[r.n] = 1;
				r.flags[r.n] = 0;
				rrule[r.n] = CLR_RULE_INITIALS;
				(void)clr__kn_word(r.w[r.n], 1, &rkw[r.n]);
				rsrc[r.n++] = (uint8_t)k;
			}
			continue;
		}
		size_t cut = 0;
		const char *fix = !known && w->len[k] >= 6 ? word_typo(nm, w->w[k], w->len[k], &cut) : NULL;
		if (cut && r.n + 2 <= CLR_MAX_TOKENS) {
			/* "Jointstock": "joint stock", as the forms and the terms read it */
			for (size_t m = 0; m < 2; m++) {
				size_t off = m ? cut : 0, pl = m ? w->len[k] - cut : cut;
				memcpy(r.w[r.n], w->w[k] + off, pl);
				r.w[r.n][pl] = '\0';
				r.len[r.n] = (uint8_t)pl;
				r.flags[r.n] = w->flags[k];
				rrule[r.n] = CLR_RULE_SPLIT;
				(void)clr__kn_word(r.w[r.n], pl, &rkw[r.n]);
				rsrc[r.n++] = (uint8_t)k;
			}
			continue;
		}
		if (fix)
			(void)clr__kn_word(fix, strlen(fix), &kw);
		rkw[r.n] = kw;
		const char *src = fix ? fix : w->w[k];
		size_t sl = fix ? strlen(fix) : w->len[k];
		memcpy(r.w[r.n], src, sl);
		r.w[r.n][sl] = '\0';
		r.len[r.n] = (uint8_t)sl;
		r.flags[r.n] = w->flags[k];
		rrule[r.n] = fix                                ? CLR_RULE_TYPO
		             : (w->flags[k] & CLR_WORD_LEET)    ? CLR_RULE_LEET
		             : (w->flags[k] & CLR_WORD_CAMEL)   ? CLR_RULE_CAMEL
		                                                : CLR_RULE_NONE;
		rsrc[r.n++] = (uint8_t)k;
	}

	/* 2. legal forms, as their class; the other words through the
	 * vocabulary; numbers as digits */
	const char *rw[CLR_MAX_TOKENS];
	for (size_t k = 0; k < r.n; k++)
		rw[k] = r.w[k];
	static _Thread_local clr_tokens mid;
	outb mo;
	int legal_forms = 1;
again:
	mo = (outb){&mid, 0, 0};
	mid.n = 0;
	for (size_t k = 0; k < r.n;) {
		char from[CLR_MAX_NAME_BYTES + 1];
		clr_kn_class cls;
		int typo;
		size_t span = legal_forms ? clr__kn_legal_at(rw, r.len, rkw, r.n, k, &cls, &typo) : 0;
		/* a form of one word is no half of a hyphenated word: "Sci-Tech"
		 * is no SCI, "ad-Dagestani" no AD, "Ust-Luga" no UST (a form of
		 * several words may follow one: "Gosudarstvenno-Obshchestvennoye
		 * Obyedinenie") */
		if (span == 1 && ((k > 0 && (r.flags[k - 1] & CLR_WORD_HYPHEN)) ||
		                  (r.flags[k] & CLR_WORD_HYPHEN)))
			span = 0;
		if (span) {
			size_t fl = span_text(w, rsrc[k], rsrc[k + span - 1] - rsrc[k] + 1, from,
			                      sizeof(from));
			const char *ct = clr__kn_class_token(cls);
			emit(&mo, ct, strlen(ct), typo ? CLR_RULE_LEGAL_TYPO : CLR_RULE_LEGAL, from, fl);
			k += span;
			continue;
		}
		clr_kn_word kw = rkw[k];
		int known = kw.known;
		size_t fl = span_text(w, rsrc[k], 1, from, sizeof(from));
		clr_rule rule = (clr_rule)rrule[k];
		if (known && (kw.flags & CLR_KN_NUMBER) && !(kw.flags & CLR_KN_PLACE)) {
			/* tens and units written as two words are one number
			 * ("Thirty-Fifth", "Eighty One") */
			clr_kn_word ku;
			int v = kw.value, used = 1;
			if (v >= 20 && v <= 90 && v % 10 == 0 && k + 1 < r.n &&
			    !(r.w[k + 1][0] >= '0' && r.w[k + 1][0] <= '9') &&
			    (ku = rkw[k + 1]).known && (ku.flags & CLR_KN_NUMBER) && ku.value >= 1 &&
			    ku.value <= 9) {
				v += ku.value;
				used = 2;
				fl = span_text(w, rsrc[k], rsrc[k + 1] - rsrc[k] + 1, from, sizeof(from));
			}
			char d[16];
			size_t dl = number_text(v, d, sizeof(d));
			if (dl) {
				emit(&mo, d, dl, CLR_RULE_NUMBER, from, fl);
				k += (size_t)used;
				continue;
			}
		}
		/* a camel-case part keeps its letters when the vocabulary would
		 * lengthen it: "SinoTech" must still meet "Sinotech" joined */
		if (known && kw.canonical &&
		    !((r.flags[k] & CLR_WORD_CAMEL) && (kw.flags & CLR_KN_EXPAND))) {
			emit_words(&mo, kw.canonical, rule == CLR_RULE_TYPO ? rule : CLR_RULE_VOCAB, from, fl);
			k++;
			continue;
		}
		emit(&mo, r.w[k], r.len[k], rule, from, fl);
		k++;
	}

	/* a name that is nothing but legal forms ("SL", the alias of a party;
	 * "Co Ltd" a query's part) is its words: a class alone names nobody */
	if (legal_forms && mid.n) {
		size_t legal = 0;
		for (size_t k = 0; k < mid.n; k++)
			legal += mid.rule[k] == CLR_RULE_LEGAL || mid.rule[k] == CLR_RULE_LEGAL_TYPO;
		if (legal == mid.n) {
			legal_forms = 0;
			goto again;
		}
	}

	/* 3. multi-word terms over canonical tokens (pinyin, places) */
	outb o = {out, 0, 0};
	for (size_t k = 0; k < mid.n;) {
		const char *to;
		size_t span = clr__kn_phrase_at(mid.tok, mid.len, mid.n, k, &to);
		if (span) {
			char from[CLR_MAX_NAME_BYTES + 1];
			size_t fl = 0;
			for (size_t m = k; m < k + span && fl + mid.len[m] + 2 < sizeof(from); m++) {
				if (m > k)
					from[fl++] = ' ';
				memcpy(from + fl, mid.tok[m], mid.len[m]);
				fl += mid.len[m];
			}
			emit_words(&o, to, CLR_RULE_PHRASE, from, fl);
			k += span;
			continue;
		}
		emit(&o, mid.tok[k], mid.len[k], (clr_rule)mid.rule[k], mid.from[k],
		     mid.from[k] ? strlen(mid.from[k]) : 0);
		k++;
	}
	for (size_t k = 0; k < out->n; k++)
		out->flags[k] = (uint8_t)clr__norm_token_flags(out->tok[k], out->len[k]);
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

/* ---- fingerprint ---- */

/* Names that exercise each rule: legal forms and their typos, numbers,
 * vocabulary typos, phrases, camel case, digits for letters, initials,
 * titles and places.  Latin script only: other scripts would open ICU's
 * transliterators, a tenth of a second, on every index opened (the
 * glossary and syllable tables that read them are in the table hash). */
static const char *const probes[] = {
	"Siemens Aktiengesellschaft",
	"OOO Gazprom Neft",
	"Huawei Technologies Co., Ltd.",
	"Qods Aviation Industires",
	"Serpico Offshore Sar",
	"Federal State Unitary Enterprise Scientific Center Signal",
	"Alpha Fund III LP",
	"2nd Avenue Trading / Second Avenue / twenty-first",
	"Beijing Academy of Artificial Intelligence",
	"FridrichBuchenberg Ig0r Sech1n",
	"V.V. Putin, J.-C. Juncker",
	"Dr. Amin Al-Haq Jr.",
	"Banco Nacional de Cuba, Havana",
	"Société Générale S.A. Compañía Anónima",
	"Avia Jointstock Company Scitech",
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

uint64_t clr__norm_fingerprint(void)
{
	static _Atomic uint64_t memo;
	uint64_t h = memo;
	if (h)
		return h;
	clr_norm *nm;
	clr_tokens *t = malloc(sizeof(*t));
	if (!t || clr__norm_new(&nm)) {
		free(t);
		return 0;
	}
	h = clr__kn_fingerprint();
	for (size_t p = 0; p < sizeof(probes) / sizeof(*probes); p++) {
		if (clr__norm_tokens(nm, probes[p], strlen(probes[p]), t) < 0) {
			h = 0;
			break;
		}
		for (size_t k = 0; k < t->n; k++) {
			h = fnv(h, t->tok[k], t->len[k] + 1u);
			h = fnv(h, &t->flags[k], 1);
			h = fnv(h, &t->rule[k], 1);
		}
		h = fnv(h, "|", 1);
	}
	clr__norm_free(nm);
	free(t);
	if (h)
		memo = h;
	return h;
}

