/* test_norm.c - the normaliser: scripts, marks, punctuation, vocabulary. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/norm.h"
#include "text/tables.h"
#include "util/util.h"

static clr_norm *nm;

static void setup(void)
{
	cr_assert_eq(clr__norm_new(&nm), 0);
}

static void teardown(void)
{
	clr__norm_free(nm);
}

static void expect(const char *in, const char *want)
{
	clr_tokens t;
	char out[2048];
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0, "normalising '%s'", in);
	clr__norm_join(&t, out, sizeof(out));
	cr_expect_str_eq(out, want, "'%s' -> '%s', expected '%s'", in, out, want);
}

TestSuite(norm, .init = setup, .fini = teardown);

Test(norm, ascii_punctuation_and_legal_forms)
{
	expect("Huawei Technologies Co., Ltd.", "huawei technology company limited");
	expect("Far East Trading Company, Inc.", "far east trading company incorporated");
	expect("ACME S.A.", "acme sa");
	expect("U.S.A. Trading", "usa trading");
	expect("J. Smith", "j smith");
	expect("O'Brien & Sons", "obrien and sons");
	expect("Xi?an Electronics", "xian electronic");
}

Test(norm, abbreviations_and_phrases)
{
	expect("Guangzhou Haige Comm Grp", "guangzhou haige communication group");
	expect("Xiang Cheng Gao Trdg (HK) Ltd", "xiang cheng gao trading hongkong limited");
	expect("Setelem Bank Limited Liability Company", "setelem bank limited liability company");
	expect("SETELEM BANK OOO", "setelem bank limited liability company");
	expect("Acme LLC", "acme limited liability company");
	expect("Joint Stock Co Elektron Optronik", "joint stock company elektron optronik");
	expect("PAO Sberbank", "public joint stock company sberbank");
	expect("Beijing Academy of Artificial Intelligence", "beijing academy of ai");
	expect("Hong Kong Intl Holdings", "hongkong international holding");
}

Test(norm, unicode_marks_and_case)
{
	expect("sigüro eöod", "siguro eood");
	expect("POSITIVÉ TECHÑOLOGIES", "positive technology");
	expect("Straße", "strasse");
	expect("ＡＢＣ　Ｃｏｍｐａｎｙ", "abc company"); /* full-width (NFKC) */
}

Test(norm, other_scripts_to_latin)
{
	expect("Романов Сергей", "romanov sergei");
	expect("王小明", "wang xiao ming");
	expect("浪潮集团有限公司", "lang chao group limited company");
	expect("华为技术有限公司", "hua wei technology limited company");
	expect("Ελληνική", "ellenike");
	/* BGN's middle dot (t·s for тс) and the primes of the soft and hard
	 * signs do not stay in or split a word */
	expect("Рособоронэкспорт", "rosoboroneksport");
	expect("Тсой Хэйхэ", "tsoi kheikhe");
	expect("Объединённая Ильич", "obyedinennaya ilich");
}

Test(norm, invalid_and_oversize_input)
{
	clr_tokens t;
	cr_expect_eq(clr__norm_tokens(nm, "a\xff", 2, &t), CLR_EINPUT);
	char big[CLR_MAX_NAME_BYTES + 2];
	memset(big, 'a', sizeof(big));
	cr_expect_eq(clr__norm_tokens(nm, big, sizeof(big), &t), CLR_ELIMIT);
	cr_expect_eq(clr__norm_tokens(nm, "  .,;  ", 7, &t), 0);
	cr_expect_eq(t.n, 0);
}

Test(norm, many_tokens_are_capped)
{
	char buf[1000];
	size_t o = 0;
	for (int i = 0; i < 200 && o + 5 < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "t%d ", i);
	clr_tokens t;
	cr_assert_eq(clr__norm_tokens(nm, buf, o, &t), 0);
	cr_expect_eq(t.n, CLR_MAX_TOKENS);
}

Test(norm, flags)
{
	cr_expect(clr__norm_token_flags("limited", 7) & CLR_TOK_LEGAL);
	cr_expect(clr__norm_token_flags("of", 2) & CLR_TOK_STOP);
	cr_expect(clr__norm_token_flags("1057", 4) & CLR_TOK_DIGIT);
	cr_expect_eq(clr__norm_token_flags("huawei", 6), 0);
}

Test(norm, tables_are_sorted)
{
	for (size_t i = 1; i < clr__nword_map; i++)
		cr_expect(strcmp(clr__word_map[i - 1].from, clr__word_map[i].from) < 0, "%s",
		          clr__word_map[i].from);
	for (size_t i = 1; i < clr__nlegal_forms; i++)
		cr_expect(strcmp(clr__legal_forms[i - 1], clr__legal_forms[i]) < 0, "%s",
		          clr__legal_forms[i]);
	for (size_t i = 1; i < clr__nstop_words; i++)
		cr_expect(strcmp(clr__stop_words[i - 1], clr__stop_words[i]) < 0, "%s",
		          clr__stop_words[i]);
}

Test(norm, fuzz_findings)
{
	/* dotted letters go through the vocabulary like the plain word */
	expect("Acme L.T.D.", "acme limited");
	expect("H.K. Trading", "hongkong trading");
	/* two dotted letters the vocabulary does not know are initials; a
	 * legal form stays one word, longer runs an acronym */
	expect("Timchenko G.N.", "timchenko g n");
	expect("Acme S.A.", "acme sa");
	expect("I.B.M. Corp", "ibm corporation");
	/* marks a transliteration leaves behind are removed */
	expect("Zhang\xd9\xacWei", "zhang wei");
	/* a token cut at the length limit stays valid UTF-8 */
	char buf[200];
	memset(buf, 'a', 127);
	memcpy(buf + 127, "\xe4\xb8\xad", 4); /* U+4E2D after 127 bytes */
	clr_tokens t;
	cr_assert_eq(clr__norm_tokens(nm, buf, strlen(buf), &t), 0);
	for (size_t k = 0; k < t.n; k++)
		cr_expect_eq(clr__utf8_invalid_at(t.tok[k], t.len[k]), (size_t)-1);
}
