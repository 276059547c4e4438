/* test_norm.c - the normaliser: scripts, marks, punctuation, vocabulary,
 * legal forms, numbers and the rules recorded for explanations. */
#include <criterion/criterion.h>
#include <string.h>

#include "names/names.h"
#include "text/norm.h"
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
	expect("Huawei Technologies Co., Ltd.", "huawei technology llc");
	expect("Far East Trading Company, Inc.", "far east trading corp llc");
	expect("ACME S.A.", "acme jsc");
	expect("U.S.A. Trading", "usa trading");
	expect("J. Smith", "j smith");
	expect("O'Brien & Sons", "obrien and sons");
	expect("Xi?an Electronics", "xian electronic");
}

Test(norm, abbreviations_and_phrases)
{
	expect("Guangzhou Haige Comm Grp", "guangzhou haige communication group");
	expect("Xiang Cheng Gao Trdg (HK) Ltd", "xiang cheng gao trading hongkong llc");
	expect("Setelem Bank Limited Liability Company", "setelem bank llc");
	expect("SETELEM BANK OOO", "setelem bank llc");
	expect("Acme LLC", "acme llc");
	expect("Joint Stock Co Elektron Optronik", "jsc elektron optronik");
	expect("PAO Sberbank", "jsc sberbank");
	/* a phrase and its abbreviation are alternatives (the index holds
	 * both spellings of a listed name), not a rewrite */
	expect("Beijing Academy of Artificial Intelligence",
	       "beijing academy of artificial intelligence");
	expect("Hong Kong Intl Holdings", "hongkong international holding");
}

/* ISO 20275 forms in their languages and scripts become their generic
 * class; a form with a typo in one word still does; a form's words out of
 * order weigh as legal words */
Test(norm, legal_forms_in_every_language)
{
	expect("Siemens Aktiengesellschaft", "siemens jsc");
	expect("Siemens AG", "siemens jsc");
	expect("Acme Gesellschaft mit beschränkter Haftung", "acme llc");
	expect("Acme GmbH", "acme llc");
	expect("Acme SRL", "acme llc");
	expect("Acme Societatea cu Răspundere Limitată", "acme llc");
	expect("АО Ромашка", "jsc romashka");
	expect("Акционерное общество Ромашка", "jsc romashka");
	expect("Общество с ограниченной ответственностью Ромашка", "llc romashka");
	expect("Acme Sp. z o.o.", "acme llc");
	expect("Holding GmbH Ascotec", "holding llc ascotec");
	expect("Huawei Technologies Co Lxd", "huawei technology llc");
	expect("Sinotech Industry jO., LTD.", "sinotech industry llc");
	expect("Closed Joint Stock Co Energo", "jsc energo");
	clr_tokens t;
	cr_assert_eq(clr__norm_tokens(nm, "Stock Joint Company Eirburg", 27, &t), 0);
	cr_expect(t.flags[0] & CLR_TOK_LEGAL, "a legal form's word out of its form");
}

/* what a legal form was written as, and the rule, for explanations */
/* A legal form of one word is no half of a hyphenated word; a form of
 * several words is read across or after a hyphen. */
Test(norm, legal_forms_and_hyphens)
{
	expect("Shenzhen Sci-Tech Co., Ltd.", "shenzhen science technology llc"); /* no SCI */
	expect("Abu Muhammad ad-Dagestani", "abu muhammad ad dagestani");         /* no AD */
	expect("Novatek-Ust-Luga LLC", "novatek ust luga llc");                 /* no UST */
	expect("Avia AB", "avia jsc");
	expect("Joint-Stock Company Avia", "jsc avia");
	expect("Respublikanskoye Gosudarstvenno-Obshchestvennoye Obyedinenie Klub",
	       "respublikanskoye gosudarstvenno nonprofit klub");
}

Test(norm, rules_are_recorded)
{
	clr_tokens t;
	const char *in = "Siemens Aktiengesellschaft";
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0);
	cr_assert_eq(t.n, 2);
	cr_expect_eq(t.rule[0], CLR_RULE_NONE);
	cr_expect_null(t.from[0]);
	cr_expect_eq(t.rule[1], CLR_RULE_LEGAL);
	cr_expect_str_eq(t.from[1], "aktiengesellschaft");
	cr_expect_str_eq(clr__rule_name(CLR_RULE_LEGAL), "legal_form");
	in = "Qods Aviation Industires";
	cr_assert_eq(clr__norm_tokens(nm, in, strlen(in), &t), 0);
	cr_expect_str_eq(t.tok[2], "industry");
	cr_expect_eq(t.rule[2], CLR_RULE_TYPO);
	cr_expect_str_eq(t.from[2], "industires");
}

Test(norm, numbers_and_obfuscation)
{
	expect("2nd Avenue Trading", "2 avenue trading");
	expect("Second Avenue Trading", "2 avenue trading");
	expect("Alpha Fund III LP", "alpha fund 3 lpship"); /* fund: a legal form of its own */
	expect("Alpha Fund IV LP", "alpha fund 4 lpship");  /* not "iv lp" as one form misspelt */
	expect("Alpha Fund II LP", "alpha fund 2 lpship");
	expect("Factory Seven", "factory 7");
	clr_tokens t;
	cr_assert_eq(clr__norm_tokens(nm, "Plant 701", 9, &t), 0);
	cr_expect(t.flags[1] & CLR_TOK_NUMBER);
	/* camel case and leetspeak are read; a stray capital in a word written
	 * in capitals is a typo, not a second word */
	expect("FridrichBuchenberg", "fridrich buchenberg");
	expect("Ig0r Sech1n", "igor sechin");
	expect("CONSTgRUCCIONES", "constgrucciones");
	expect("McDonald", "mcdonald");
	expect("SinoTech Industry", "sino tech industry");
	/* codes keep their digits */
	expect("Airbus A320", "airbus a320");
	expect("T-72 Tank Plant", "t 72 tank plant");
	/* a syllable of a Chinese name is no number */
	expect("LI Yi", "li yi");
}

Test(norm, scripts_by_syllable)
{
	/* Hangul syllables are words, as "Kim Min Jun" writes them */
	expect("김민준", "gim min jun");
	/* Chinese terms through the glossary, the rest in pinyin */
	expect("华为技术有限公司", "hua wei technology llc");
	expect("浪潮集团有限公司", "lang chao group llc");
	/* Arabic as the script writes it, without short vowels */
	expect("محمد", "mhmd");
}

Test(norm, unicode_marks_and_case)
{
	expect("sigüro eöod", "siguro llc");
	expect("POSITIVÉ TECHÑOLOGIES", "positive technology");
	expect("Straße", "strasse");
	expect("ＡＢＣ　Ｃｏｍｐａｎｙ", "abc corp"); /* full-width (NFKC) */
}

Test(norm, other_scripts_to_latin)
{
	expect("Романов Сергей", "romanov sergei");
	expect("王小明", "wang xiao ming");
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
	cr_expect(clr__norm_token_flags("llc", 3) & CLR_TOK_LEGAL);
	cr_expect(clr__norm_token_flags("limited", 7) & CLR_TOK_LEGAL);
	cr_expect(clr__norm_token_flags("of", 2) & CLR_TOK_STOP);
	cr_expect(clr__norm_token_flags("mr", 2) & CLR_TOK_TITLE);
	cr_expect(clr__norm_token_flags("1057", 4) & CLR_TOK_DIGIT);
	cr_expect(clr__norm_token_flags("1057", 4) & CLR_TOK_NUMBER);
	cr_expect(!(clr__norm_token_flags("a320", 4) & CLR_TOK_NUMBER));
	cr_expect(clr__norm_token_flags("germany", 7) & CLR_TOK_PLACE);
	cr_expect_eq(clr__norm_token_flags("huawei", 6), 0);
}

Test(norm, fuzz_findings)
{
	/* dotted letters go through the vocabulary like the plain word */
	expect("Acme L.T.D.", "acme llc");
	expect("H.K. Trading", "hongkong trading");
	/* two dotted letters the vocabulary does not know are initials; a
	 * legal form stays one word, longer runs an acronym */
	expect("Timchenko G.N.", "timchenko g n");
	expect("Acme S.A.", "acme jsc");
	expect("I.B.M. Corp", "ibm corp");
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
