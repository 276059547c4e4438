/*
 * loader.h - the contract between list parsers and the database.  A parser
 * reads one file from memory and stages entries through the draft API; the
 * db keeps them only if the whole file parsed (all or nothing), or, with
 * CLR_LOAD_LENIENT, keeps the good rows and reports every skipped one.
 * Parsers never print, never abort and never read past their buffer.
 */
#ifndef CLR_LOADER_H
#define CLR_LOADER_H

#include "clearance.h"
#include "../limits.h"
#include "../util/util.h"

typedef enum clr_format {
	CLR_FMT_UNKNOWN = 0,
	CLR_FMT_CSL_CSV,
	CLR_FMT_CSL_JSON,
	CLR_FMT_OFAC,      /* sdn.csv / cons_prim.csv, with siblings */
	CLR_FMT_OFAC_SIBLING, /* alt/add/comments file: loaded with its primary */
	CLR_FMT_DPL,
	CLR_FMT_UN_XML,
	CLR_FMT_EU_XML,    /* EU Financial Sanctions File XML 1.1 */
	CLR_FMT_EU_CSV,    /* the same, its semicolon CSV layout */
	CLR_FMT_CA_XML,    /* Canada's consolidated SEMA list XML */
	CLR_FMT_UK_XLSX,   /* UK OFSI consolidated list, XLSX */
	CLR_FMT_UK_CSV,    /* the same, its CSV twin */
	CLR_FMT_UK_XML,    /* the FCDO's UK Sanctions List XML */
	CLR_FMT_AU_XLSX,   /* Australia's DFAT consolidated list */
	CLR_FMT_JP_XLSX,   /* Japan's METI End User List */
	CLR_FMT_XLSX,      /* a workbook of no list format: loaded alone, its error is told */
	CLR_FMT_ALIASES,   /* the user's alias file: never detected, named by the caller */
} clr_format;

const char *clr__format_name(clr_format f);

typedef struct clr_loader {
	const char *path;        /* for messages */
	const char *place;       /* within the file, before the line: "Data!" (a sheet's
	                          * rows), "xl/sharedStrings.xml:" (a part); NULL: none */
	unsigned flags;          /* CLR_LOAD_* */
	clr_arena *arena;        /* staged strings and arrays; adopted by the db on success */
	CLR_VEC(clr_entry *) entries;
	clr_file_report report;
	CLR_VEC(const char *) messages; /* in arena */
	clr_buf err;             /* error message when a call returned < 0 */
	int failed_row;          /* set by clr__loader_fail in lenient mode: drop the current row */
	struct {
		int active;
		clr_entry e;
		CLR_VEC(clr_name) names;
		CLR_VEC(clr_address) addrs;
		CLR_VEC(const char *) progs, cites, countries;
		CLR_VEC(clr_evidence) ev;
	} d;
} clr_loader;

int clr__loader_init(clr_loader *ld, const char *path, unsigned flags);
void clr__loader_dispose(clr_loader *ld); /* frees everything not adopted */

/* Reports a bad row.  Strict mode: sets the error "path:line: field: msg"
 * and returns code (< 0); the parser must return it.  Lenient mode: counts
 * the row as skipped, keeps the message, discards the draft, returns 0; the
 * parser must skip to the next row. */
int clr__loader_fail(clr_loader *ld, size_t line, const char *field, int code,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Fatal error regardless of mode (I/O, out of memory, unrecoverable structure). */
int clr__loader_fatal(clr_loader *ld, size_t line, const char *field, int code,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A warning kept in the report (orphan rows, odd values); never fails. */
void clr__loader_warn(clr_loader *ld, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Draft API.  Strings are trimmed; empty becomes NULL.  Each call validates
 * UTF-8 and length and reports through clr__loader_fail, so a caller does
 *     if ((rc = clr__draft_str(...)) < 0) return rc;
 *     if (ld->failed_row) continue-with-next-row;                          */
int clr__draft_begin(clr_loader *ld, size_t line);
int clr__draft_str(clr_loader *ld, const char **dst, const char *s, size_t n, const char *field);
int clr__draft_name(clr_loader *ld, const char *s, size_t n, clr_name_kind kind, const char *field);
/* Splits a listed name into its parts: "X (a.k.a. Y)", "X, a.k.a. Y", "X (ABC)",
 * "X. Affiliated Entity: Y", "X; Y" and adds each with the right kind. */
int clr__draft_listed_names(clr_loader *ld, const char *s, size_t n, clr_name_kind kind,
                            const char *field);
int clr__draft_address(clr_loader *ld, const char *addr, size_t an, const char *country,
                       size_t cn, const char *field);
int clr__draft_program(clr_loader *ld, const char *s, size_t n, const char *field);
int clr__draft_citation(clr_loader *ld, const char *s, size_t n, const char *field);
int clr__draft_country(clr_loader *ld, const char *s, size_t n, const char *field);
/* Splits s on sep and calls add for each trimmed non-empty part. */
int clr__draft_split(clr_loader *ld, const char *s, size_t n, char sep,
                     int (*add)(clr_loader *, const char *, size_t, const char *),
                     const char *field);
/* Evidence (evidence.c): one item of kind, as written in s; id_type and
 * country (may be NULL) for an identifier.  A date of birth is read with its
 * precision (one no form reads is kept as written and counted); a
 * nationality no country table knows, an IMO number not of 7 digits, an
 * identifier of fewer than 3 letters and digits are not kept. */
int clr__draft_evidence(clr_loader *ld, clr_evidence_kind kind, const char *s, size_t n,
                        const char *id_type, size_t tn, const char *country, size_t cn,
                        const char *field);
/* An identifier as CSL writes one ("CA, BC166787, Passport"). */
int clr__draft_id_text(clr_loader *ld, const char *s, size_t n, const char *field);
/* A date as the lists write one -> the days it allows and its precision
 * (1 year, 2 month, 3 day) and whether it is approximate; 0 when read. */
int clr__ev_date(const char *s, size_t n, int32_t *from, int32_t *to, uint8_t *prec,
                 uint8_t *circa);
/* An identifier's compared form into out; its length. */
size_t clr__ev_id_norm(const char *s, size_t n, char *out, size_t cap);
/* The kind of evidence a list's name for an identifier says (CLR_EV_ID,
 * CLR_EV_IMO ...; CLR_EV_NONE for what identifies nothing: "Website"). */
int clr__ev_id_kind(const char *type, size_t n);

/* Stages the draft as an entry.  Requires id, source and at least one name;
 * a missing one is reported through clr__loader_fail. */
int clr__draft_commit(clr_loader *ld);
void clr__draft_discard(clr_loader *ld);

/* Parsers: each reads a whole file image.  Return 0 or a negative clr_err. */
int clr__parse_csl_csv(clr_loader *ld, const char *buf, size_t len);
int clr__parse_csl_json(clr_loader *ld, const char *buf, size_t len);
typedef struct clr_ofac_files {
	int consolidated;            /* 0: sdn.csv (SDN), 1: cons_prim.csv (non-SDN lists) */
	const char *alt, *add, *comments; /* sibling images, NULL when absent */
	size_t alt_len, add_len, comments_len;
	const char *alt_path, *add_path, *comments_path;
} clr_ofac_files;
int clr__parse_ofac(clr_loader *ld, const char *buf, size_t len, const clr_ofac_files *sib);
int clr__parse_dpl(clr_loader *ld, const char *buf, size_t len);
int clr__parse_un_xml(clr_loader *ld, const char *buf, size_t len);
int clr__parse_eu_xml(clr_loader *ld, const char *buf, size_t len);
int clr__parse_eu_csv(clr_loader *ld, const char *buf, size_t len);
int clr__parse_ca_xml(clr_loader *ld, const char *buf, size_t len);
int clr__parse_uk_xlsx(clr_loader *ld, const char *buf, size_t len);
int clr__parse_uk_csv(clr_loader *ld, const char *buf, size_t len);
int clr__parse_uk_xml(clr_loader *ld, const char *buf, size_t len);
/* A date as the UK lists write one: "12/05/1958" -> "1958-05-12", 00 for an
 * unknown day or month ("00/05/1958" -> "1958-05", "00/00/1958" -> "1958"),
 * "05/1973" -> "1973-05"; the length of out, 0 when s is none of these. */
size_t clr__uk_date(const char *s, size_t n, char out[11]);
int clr__parse_au_xlsx(clr_loader *ld, const char *buf, size_t len);
int clr__parse_jp_xlsx(clr_loader *ld, const char *buf, size_t len);
/* A workbook that is no list this program reads: the reader's error when
 * it cannot be read (bad zip, missing sheet ...), else "unrecognised". */
int clr__parse_xlsx_unknown(clr_loader *ld, const char *buf, size_t len);

/* Detects the format of a file image (path used for OFAC file names only). */
clr_format clr__detect_format(const char *path, const char *buf, size_t len);


/* Normalises a date ("2025-03-28", "03/28/2025", "3/28/25", "28 Mar 2025")
 * to ISO into out[11]; returns 0 when recognised. */
int clr__parse_date(const char *s, size_t n, char out[11]);

/* Maps a country name or code to ISO 3166 alpha-2 ("China" -> "CN");
 * returns NULL when unknown. */
const char *clr__country_code(const char *s, size_t n);

/* Jurisdictions (jurisdiction.c): bit 0 the US, then UN, EU, UK, CA, AU,
 * JP.  The bit of a list's source code, and a filter's codes ("US,UK", any
 * case, GB for the UK) as a mask; CLR_EUSAGE naming an unknown one. */
#define CLR__NJURISDICTIONS 7
unsigned clr__jurisdiction_bit(const char *source);
int clr__jurisdictions_parse(const char *s, unsigned *mask, char *msg, size_t cap);

#endif
