/* test_names.c - the name knowledge through its interface: romanisation
 * keys, Arabic skeletons, same-script comparison, vocabulary typos, given
 * names and syllables, legal forms as the normaliser reads them, and the
 * fingerprints an index is rebuilt on. */
#include <criterion/criterion.h>
#include <string.h>

#include "names/names.h"
#include "text/norm.h"

static clr_norm *nm;

static void setup(void)
{
	cr_assert_eq(clr__norm_new(&nm), 0);
}

static void teardown(void)
{
	clr__norm_free(nm);
}

TestSuite(names, .init = setup, .fini = teardown);

/* The key of w, NUL-terminated in out (64 bytes); 0 when w has none. */
static size_t key(const char *w, char *out)
{
	size_t n = clr__kn_translit_key(w, strlen(w), out, 64);
	out[n] = '\0';
	return n;
}

static size_t key2(const char *w, char *out)
{
	size_t n = clr__kn_translit_key2(w, strlen(w), out, 64);
	out[n] = '\0';
	return n;
}

/* Every word of a NULL-terminated group has the key of the first. */
static void same_key(const char *const *group)
{
	char k0[64], k[64];
	cr_assert_gt(key(group[0], k0), 0, "'%s' has a key", group[0]);
	for (size_t i = 1; group[i]; i++) {
		cr_expect_gt(key(group[i], k), 0, "'%s' has a key", group[i]);
		cr_expect_str_eq(k, k0, "'%s' -> '%s', '%s' -> '%s'", group[i], k, group[0], k0);
	}
}

static void other_key(const char *a, const char *b)
{
	char ka[64], kb[64];
	cr_assert_gt(key(a, ka), 0, "'%s' has a key", a);
	cr_assert_gt(key(b, kb), 0, "'%s' has a key", b);
	cr_expect_str_neq(ka, kb, "'%s' and '%s' share the key '%s'", a, b, ka);
}

/* Russian schemes (ICAO, BGN/PCGN, GOST, German practice) and Japanese
 * long vowels meet on one key */
Test(names, translit_key_joins_schemes)
{
	static const char *const groups[][8] = {
		{"aleksei", "alexey", "aleksey", "alexei", "aleksej", "alexej", NULL},
		{"sergeev", "sergeyev", NULL},
		{"fyodor", "fedor", "fjodor", NULL},
		{"vasilev", "vasilyev", "vasiliev", "wassiljew", NULL},
		{"yevgeny", "evgenii", "evgeniy", NULL},
		{"dmitry", "dmitrii", "dmitriy", NULL},
		{"natalya", "natalia", "nataliya", NULL},
		{"xenia", "kseniya", "ksenia", NULL},
		{"tchaikovsky", "chaikovskii", "tschaikowski", NULL},
		{"tsoi", "tsoy", "tzoi", NULL},
		{"yury", "yuri", "jurij", NULL},
		{"satou", "sato", "satoh", NULL},
		{"ohno", "ono", "oono", NULL},
		{"kato", "katou", NULL},
		{"ryuu", "ryu", NULL},
	};
	for (size_t g = 0; g < sizeof(groups) / sizeof(*groups); g++)
		same_key(groups[g]);
}

Test(names, translit_key_keeps_names_apart)
{
	other_key("petrov", "popov");
	other_key("ivanov", "ivanova"); /* the feminine form is another word */
	other_key("sato", "saito");     /* Satō and Saitō */
	other_key("mikhail", "mixail"); /* met only through the second key */
	other_key("zhukov", "sukov");
	other_key("fedor", "feodor");
	/* too short, or not a word */
	char k[64];
	cr_expect_eq(key("ab", k), 0);
	cr_expect_eq(key("xi", k), 0);
	cr_expect_eq(key("123", k), 0);
	cr_expect_eq(key("x1", k), 0);
	cr_expect_gt(key("abc", k), 0);
}

/* key(key(w)) == key(w), for words whose key is long enough to have one */
Test(names, translit_key_is_idempotent)
{
	static const char *const words[] = {
		"aleksei", "alexey", "sergeyev", "fyodor", "wassiljew", "vasilyev", "satoh",
		"satou", "saitou", "ivanov", "ivanova", "petrov", "popov", "mikhail", "mixail",
		"michail", "khrushchev", "chruschtschow", "yury", "iouri", "tchaikovsky",
		"tschaikowski", "zhukov", "schukow", "joukov", "obyedinenie", "ohno", "oono",
		"ryuu", "yevgeny", "evgeniy", "xiao", "maxim", "kseniya", "dmitriy", "smith",
		"john", "shchukin", "tzoi", "natalya", "semyonov", "yuuki", "podyachev", "huawei",
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		char k[64], kk[64], k2[64], k2k[64];
		size_t n = key(words[i], k);
		cr_assert_geq(n, 3, "'%s' -> '%s'", words[i], k);
		cr_expect_eq(key(k, kk), n, "'%s' -> '%s' -> '%s'", words[i], k, kk);
		cr_expect_str_eq(kk, k, "'%s' -> '%s' -> '%s'", words[i], k, kk);
		if (key2(words[i], k2)) {
			key(k2, k2k);
			cr_expect_str_eq(k2k, k2, "'%s' -> second key '%s' -> '%s'", words[i], k2,
			                 k2k);
		}
	}
}

/* the second key reads x as х (GOST 7.79 "Mixail"); a word without an x
 * has none */
Test(names, translit_key2_reads_x_as_kh)
{
	static const char *const with_x[] = {"alexey", "alexei", "mixail", "xiao", "maxim",
	                                     "xenia", "alex"};
	static const char *const without_x[] = {"aleksei", "mikhail", "sergeev", "kseniya",
	                                        "satoh", "khrushchev"};
	char k[64], k2[64];
	for (size_t i = 0; i < sizeof(with_x) / sizeof(*with_x); i++) {
		key(with_x[i], k);
		cr_expect_gt(key2(with_x[i], k2), 0, "'%s' has a second key", with_x[i]);
		cr_expect_str_neq(k2, k, "'%s': key '%s', second key '%s'", with_x[i], k, k2);
	}
	for (size_t i = 0; i < sizeof(without_x) / sizeof(*without_x); i++)
		cr_expect_eq(key2(without_x[i], k2), 0, "'%s' -> '%s'", without_x[i], k2);
	key2("mixail", k2);
	key("mikhail", k);
	cr_expect_str_eq(k2, k);
	key2("alexey", k2);
	key("aleksei", k);
	cr_expect_str_neq(k2, k);
}

/* other's second key is the key of one */
static void second_key_meets(const char *other, const char *one)
{
	char k[64], k2[64];
	key2(other, k2);
	key(one, k);
	cr_expect_str_eq(k2, k, "%s: second key '%s', %s: key '%s'", other, k2, one, k);
}

/* The other reading holds German ch for х and French ou for у; English ch
 * stays ч in the first key */
Test(names, translit_key2_reads_german_ch_and_french_ou)
{
	second_key_meets("michail", "mikhail");
	second_key_meets("chodorkowski", "khodorkovsky");
	second_key_meets("iouri", "yuri");
	char k[64], k2[64];
	key("chernov", k);
	key("tschernow", k2);
	cr_expect_str_eq(k, k2, "chernov: '%s', tschernow: '%s'", k, k2);
	cr_expect_eq(key2("satou", k2) > 0, 1, "satou has another reading");
	key("satou", k);
	key("sato", k2);
	cr_expect_str_eq(k, k2, "the first key keeps the Japanese long o");
}

/* GOST 7.79's backtick for ъ leaves the normaliser as nothing, and the word
 * meets the other schemes' spelling */
Test(names, gost_backtick_through_normaliser)
{
	clr_tokens t;
	const char *in = "Ob`edinenie";
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0);
	cr_assert_eq(t.n, 1);
	cr_expect_str_eq(t.tok[0], "obedinenie");
	char k[64], ky[64];
	cr_assert_gt(clr__kn_translit_key(t.tok[0], t.len[0], k, sizeof(k)), 0);
	key("obyedinenie", ky);
	cr_expect_str_eq(k, ky);
}

static void skeleton(const char *w, const char *want)
{
	char out[64];
	size_t n = clr__kn_skeleton(w, strlen(w), out, sizeof(out));
	out[n] = '\0';
	cr_expect_str_eq(out, want, "'%s' -> '%s', expected '%s'", w, out, want);
}

Test(names, arabic_skeleton)
{
	skeleton("mhmd", "mhmd");
	skeleton("muhammad", "mhmd");
	skeleton("mohammed", "mhmd");
	skeleton("mohamed", "mhmd");
	skeleton("mohammad", "mhmd");
	skeleton("mhmmd", "mhmd");
	skeleton("ahmed", "ahmd");
	skeleton("ahmad", "ahmd");
	skeleton("abdullah", "abdlh");
	skeleton("ali", ""); /* too short */
	cr_expect_eq(clr__kn_vowelless("mhmd", 4), 1);
	cr_expect_eq(clr__kn_vowelless("abd", 3), 1); /* a first vowel is written */
	cr_expect_eq(clr__kn_vowelless("muhammad", 8), 0);
	cr_expect_eq(clr__kn_vowelless("ahmed", 5), 0);
}

static double same(const char *a, const char *b)
{
	return clr__kn_same_script(a, strlen(a), b, strlen(b));
}

Test(names, same_script)
{
	cr_expect_float_eq(same("张伟", "张伟"), 1.0, 1e-9);
	cr_expect_float_eq(same("张伟", "张玮"), 0.5, 1e-9);
	cr_expect_float_eq(same("王小明", "王明"), 2.0 / 3, 1e-9);
	cr_expect_float_eq(same("김민준", "김민준"), 1.0, 1e-9);
	cr_expect_float_eq(same("김민준", "김민중"), 2.0 / 3, 1e-9);
	cr_expect_float_eq(same("ハレアキ", "ハレアキ"), 1.0, 1e-9);
	cr_expect_float_eq(same("ハレアキ", "バレアキ"), 0.0, 1e-9); /* one kana word */
	/* not both in one such script */
	cr_expect_float_eq(same("john", "jon"), -1.0, 1e-9);
	cr_expect_float_eq(same("张伟", "zhang wei"), -1.0, 1e-9);
	cr_expect_float_eq(same("张伟", "김민준"), -1.0, 1e-9);
	cr_expect_eq(clr__kn_script("张伟", strlen("张伟")), CLR_KN_HAN);
	cr_expect_eq(clr__kn_script("김민준", strlen("김민준")), CLR_KN_HANGUL);
	cr_expect_eq(clr__kn_script("Иван", strlen("Иван")), CLR_KN_CYRILLIC);
	cr_expect_eq(clr__kn_script("ivan", 4), CLR_KN_LATIN);
}

static void typo(const char *w, const char *want)
{
	const char *got = clr__kn_word_typo(w, strlen(w));
	if (want)
		cr_expect(got && !strcmp(got, want), "'%s' -> '%s', expected '%s'", w,
		          got ? got : "NULL", want);
	else
		cr_expect_null(got, "'%s' -> '%s', expected none", w, got);
}

Test(names, vocabulary_typos)
{
	typo("industires", "industries");
	typo("technolgy", "technology");
	typo("tehcnology", "technology");
	typo("foruth", "fourth"); /* a number word */
	typo("seocnd", "second");
	typo("forth", NULL);      /* five letters */
	typo("industries", NULL); /* known: no typo */
	typo("undustries", NULL); /* the first letter is kept */
	typo("goruth", NULL);
}

static void split(const char *w, size_t want)
{
	cr_expect_eq(clr__kn_word_split(w, strlen(w)), want, "split of '%s'", w);
}

/* A run-together word the lists do not use reads as its two organisation
 * words; a word the lists use, a name, or a word that splits two ways
 * stays whole. */
Test(names, run_together_words)
{
	split("jointstock", 5);   /* joint | stock */
	split("stockjoint", 5);
	split("joint", 0);        /* too short */
	split("mousab", 0);       /* no abbreviation is a part ("sab") */
	split("parent", 0);
	split("bancorp", 0);
	split("scitech", 0);      /* a listed name's word ("Scitech") */
	split("alexanderjohn", 0); /* given names are no organisation words */
	split("jointst0ck", 0);   /* letters only */

	/* the normaliser then reads the legal form the two words start */
	clr_tokens t;
	const char *in = "Jointstock Company Avia";
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0);
	cr_assert_eq(t.n, 2);
	cr_expect_str_eq(t.tok[0], "jsc");
	cr_expect_eq(t.rule[0], CLR_RULE_LEGAL);
	cr_expect_str_eq(t.from[0], "jointstock company");
	cr_expect_str_eq(t.tok[1], "avia");
	in = "Avia Stockjoint";
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0);
	cr_assert_eq(t.n, 3);
	cr_expect_eq(t.rule[1], CLR_RULE_SPLIT);
	cr_expect_str_eq(clr__rule_name(CLR_RULE_SPLIT), "split");
}

static int given(const char *a, const char *b)
{
	return clr__kn_given_related(a, strlen(a), b, strlen(b));
}

Test(names, given_names)
{
	cr_expect_eq(given("bill", "william"), 1);
	cr_expect_eq(given("william", "bill"), 1);
	cr_expect_eq(given("juan", "john"), 1);
	cr_expect_eq(given("ivan", "john"), 1);
	cr_expect_eq(given("bob", "robert"), 1);
	cr_expect_eq(given("maria", "mary"), 1);
	cr_expect_eq(given("john", "peter"), 0);
	cr_expect_eq(given("william", "robert"), 0);
	cr_expect(clr__kn_relations("william", 7) & CLR_KN_REL_GIVEN);
	cr_expect(!(clr__kn_relations("huawei", 6) & CLR_KN_REL_GIVEN));
}

static int syllable(const char *a, const char *b)
{
	return clr__kn_syllable_related(a, strlen(a), b, strlen(b));
}

/* rows of data/names/wade-giles.tsv and data/names/korean-syllables.tsv,
 * both ways */
Test(names, syllables)
{
	static const char *const related[][2] = {
		{"hsi", "xi"},    {"chang", "zhang"}, {"tsai", "cai"}, {"chou", "zhou"},
		{"gim", "kim"},   {"i", "lee"},       {"jeong", "chung"}, {"choe", "choi"},
		{"bag", "park"},  {"bak", "pak"},
	};
	for (size_t i = 0; i < sizeof(related) / sizeof(*related); i++) {
		const char *a = related[i][0], *b = related[i][1];
		cr_expect_eq(syllable(a, b), 1, "'%s' / '%s'", a, b);
		cr_expect_eq(syllable(b, a), 1, "'%s' / '%s'", b, a);
	}
	cr_expect_eq(syllable("hsi", "zhang"), 0);
	cr_expect_eq(syllable("kim", "lee"), 0);
	cr_expect(clr__kn_relations("hsi", 3) & CLR_KN_REL_SYLLABLE);
	cr_expect(!(clr__kn_relations("huawei", 6) & CLR_KN_REL_SYLLABLE));
}

/* a and b normalise to want, with the same tokens and flags; the form is
 * one class token made by the legal-form rule */
static void same_form(const char *a, const char *b, const char *want)
{
	clr_tokens ta, tb;
	char out[512];
	cr_assert_eq(clr__norm_tokens(nm, a, strlen(a), &ta), 0, "normalising '%s'", a);
	cr_assert_eq(clr__norm_tokens(nm, b, strlen(b), &tb), 0, "normalising '%s'", b);
	clr__norm_join(&ta, out, sizeof(out));
	cr_expect_str_eq(out, want, "'%s' -> '%s', expected '%s'", a, out, want);
	cr_assert_eq(ta.n, tb.n, "'%s' / '%s'", a, b);
	size_t legal = 0;
	for (size_t k = 0; k < ta.n; k++) {
		cr_expect_str_eq(ta.tok[k], tb.tok[k], "'%s' / '%s'", a, b);
		cr_expect_eq(ta.flags[k], tb.flags[k], "'%s' / '%s'", a, b);
		cr_expect_eq(ta.rule[k], tb.rule[k], "'%s' / '%s'", a, b);
		if (ta.rule[k] != CLR_RULE_LEGAL)
			continue;
		legal++;
		cr_expect_neq(clr__kn_token_class(ta.tok[k], ta.len[k]), CLR_KN_NOCLASS, "'%s'", a);
		cr_expect(ta.flags[k] & CLR_TOK_LEGAL, "'%s'", a);
	}
	cr_expect_eq(legal, 1, "'%s': %zu legal forms", a, legal);
}

/* forms test_norm.c does not hold: written out and abbreviated */
Test(names, legal_forms_written_out_and_abbreviated)
{
	same_form("Acme Sociedad Anónima", "Acme SA", "acme jsc");
	same_form("Acme Société Anonyme", "Acme S.A.", "acme jsc");
	same_form("Acme Kabushiki Kaisha", "Acme KK", "acme jsc");
	same_form("Acme Aktiebolag", "Acme AB", "acme jsc");
	same_form("Acme Anonim Şirketi", "Acme AŞ", "acme jsc");
	same_form("Acme Osakeyhtiö", "Acme Oy", "acme llc");
	same_form("Acme Besloten Vennootschap", "Acme BV", "acme llc");
	same_form("Acme Spółka z ograniczoną odpowiedzialnością", "Acme Sp. z o.o.", "acme llc");
	same_form("Публичное акционерное общество Ромашка", "ПАО Ромашка", "jsc romashka");
	same_form("Acme Publichnoe Aktsionernoe Obshchestvo", "Acme PAO", "acme jsc");
}

/* a name of legal forms only is the name: it keeps its words */
static void keeps_words(const char *in, const char *want)
{
	clr_tokens t;
	char out[512];
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0, "normalising '%s'", in);
	clr__norm_join(&t, out, sizeof(out));
	cr_expect_str_eq(out, want, "'%s' -> '%s', expected '%s'", in, out, want);
	for (size_t k = 0; k < t.n; k++) {
		cr_expect_eq(clr__kn_token_class(t.tok[k], t.len[k]), CLR_KN_NOCLASS,
		             "'%s': class token '%s'", in, t.tok[k]);
		cr_expect_eq(t.rule[k], CLR_RULE_NONE, "'%s': '%s'", in, t.tok[k]);
	}
}

Test(names, legal_forms_alone_keep_their_words)
{
	keeps_words("Co Ltd", "co ltd");
	keeps_words("Co., Ltd.", "co ltd");
	keeps_words("Gesellschaft mit beschränkter Haftung",
	            "gesellschaft mit beschrankter haftung");
	keeps_words("GmbH", "gmbh");
	keeps_words("Societatea cu Răspundere Limitată", "societatea cu raspundere limitata");
	keeps_words("Акционерное общество", "aktsionernoye obshchestvo");
	keeps_words("Limited Liability Company", "limited liability company");
	/* the words of a form are still legal words, of low weight */
	clr_tokens t;
	cr_assert_eq(clr__norm_tokens(nm, "Co Ltd", 6, &t), 0);
	cr_expect(t.flags[0] & CLR_TOK_LEGAL);
	cr_expect(t.flags[1] & CLR_TOK_LEGAL);
}

Test(names, class_tokens_round_trip)
{
	cr_expect_str_eq(clr__kn_class_token(CLR_KN_LLC), "llc");
	cr_expect_str_eq(clr__kn_class_name(CLR_KN_LLC), "LLC");
	cr_expect_str_eq(clr__kn_class_token(CLR_KN_JSC), "jsc");
	cr_expect_eq(clr__kn_token_class("jsc", 3), CLR_KN_JSC);
	cr_expect_eq(clr__kn_token_class("acme", 4), CLR_KN_NOCLASS);
	for (int c = CLR_KN_NOCLASS + 1; c < CLR_KN_NCLASS; c++) {
		const char *t = clr__kn_class_token((clr_kn_class)c);
		cr_assert_not_null(t, "class %d", c);
		cr_expect_eq(clr__kn_token_class(t, strlen(t)), (clr_kn_class)c, "'%s'", t);
		cr_expect(clr__norm_token_flags(t, strlen(t)) & CLR_TOK_LEGAL, "'%s'", t);
	}
}

Test(names, fingerprints)
{
	uint64_t a = clr__norm_fingerprint(), b = clr__norm_fingerprint();
	cr_expect_neq(a, 0);
	cr_expect_eq(a, b);
	uint64_t k = clr__kn_fingerprint();
	cr_expect_neq(k, 0);
	cr_expect_eq(k, clr__kn_fingerprint());
	cr_expect_neq(a, k); /* the normaliser's covers more than the tables */
}
