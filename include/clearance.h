/*
 * clearance.h - the one public API of libclearance: load screening lists,
 * screen names against them, explain every alert.
 *
 * Ownership rule: a `T **out` result belongs to the caller and is freed with
 * clr_T_free(); a `const` pointer returned by the library is borrowed from
 * its parent object and lives as long as that parent.  Errors are 0 or a
 * negative clr_err; the message lives on the handle (clr_db_errmsg).
 *
 * ABI (docs/abi.md): libclearance.so.N exports exactly the functions declared
 * here; the soname's major changes when one is removed or changes its
 * signature, or when a struct the library reads or hands out in an array
 * changes its layout.  Option structs end in a reserve that new fields take
 * without moving the others: fill them with their _init function (or zero
 * them), never with a positional initializer.
 */
#ifndef CLEARANCE_H
#define CLEARANCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The library is built with hidden visibility: what this header declares is
 * its exported interface, and nothing else is. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CLR_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define CLR_WARN_UNUSED
#endif

#define CLR_VERSION "0.2.0"

/* The version of the library actually loaded (CLR_VERSION is the header's):
 * a program can check they agree. */
const char *clr_version(void);

typedef enum clr_err {
	CLR_OK = 0,
	CLR_EUSAGE = -1,    /* bad arguments */
	CLR_EINPUT = -2,    /* malformed input (file, line and field in the message) */
	CLR_ELIMIT = -3,    /* input exceeds a limit of limits.h */
	CLR_EIO = -4,       /* file or system error */
	CLR_ENOMEM = -5,    /* allocation failed */
	CLR_EINTERNAL = -6, /* a bug */
} clr_err;

/* Human-readable name of an error code ("input error", ...). */
const char *clr_strerror(int err);

/* SHA-256 of n bytes: into out as 32 raw bytes (clr_sha256) or as 64 hex
 * digits and a NUL (clr_sha256_hex).  For content addresses and key hashes. */
void clr_sha256(const void *data, size_t n, uint8_t out[32]);
void clr_sha256_hex(const void *data, size_t n, char out[65]);
/* A new random API key ("clr_" and 48 hex digits, NUL-terminated) and its
 * SHA-256 in hex.  Returns 0, or CLR_EIO when the system has no randomness. */
CLR_WARN_UNUSED int clr_key_new(char out_key[80], char out_hash[65]);
/* Appends a new API key of role ("screen", "analyst" or "admin") to the keys
 * file of `clearance serve --keys` (a "role sha256hex" line; the file is
 * created 0600) and writes the key, NUL-terminated, into out_key: it is
 * stored nowhere.  Returns 0, CLR_EUSAGE for another role or CLR_EIO, with
 * the reason in err (errcap bytes). */
CLR_WARN_UNUSED int clr_keyfile_add(const char *path, const char *role, char out_key[80],
                                    char *err, size_t errcap);

typedef enum clr_type {
	CLR_TYPE_UNKNOWN = 0,
	CLR_TYPE_PERSON,
	CLR_TYPE_ENTITY,
	CLR_TYPE_VESSEL,
	CLR_TYPE_AIRCRAFT,
} clr_type;

const char *clr_type_name(clr_type t);
/* Parses "person", "individual", "entity", "vessel", "aircraft" (any case);
 * returns CLR_TYPE_UNKNOWN for anything else. */
clr_type clr_type_parse(const char *z);
/* Whose law a list is, by its source code (clr_entry.source): "UN", "EU",
 * "UK", "CA", "AU", "JP" for those lists ("JP-EUL"), "US" for every other
 * (the CSL's and OFAC's lists).  Since 0.2.0. */
const char *clr_source_jurisdiction(const char *source);

typedef enum clr_name_kind {
	CLR_NAME_PRIMARY = 0, /* the entry's listed name */
	CLR_NAME_ALIAS,       /* a.k.a., f.k.a., alt_names, parenthesised short names */
	CLR_NAME_WEAK_ALIAS,  /* OFAC "weak" a.k.a. / UN "Low" quality alias */
	CLR_NAME_AFFILIATE,   /* "Affiliated Entity:" part of a CSL name */
	CLR_NAME_USER_ALIAS,  /* from the user's alias file (clr_db_load_aliases), not a list */
} clr_name_kind;

const char *clr_name_kind_name(clr_name_kind k);

typedef struct clr_name {
	const char *name;
	clr_name_kind kind;
} clr_name;

/* Where a name no list gave came from: the alias file and its line. */
typedef struct clr_name_origin {
	const char *file;    /* NULL for a listed name */
	size_t line;         /* 1-based */
} clr_name_origin;

typedef struct clr_address {
	const char *address; /* whole address line, may be NULL */
	const char *country; /* country name or ISO code as listed, may be NULL */
} clr_address;

/* Evidence beyond the name a list gives for an entry: dates and places of
 * birth, nationalities, identifiers, a vessel's numbers (docs/evidence.md). */
typedef enum clr_evidence_kind {
	CLR_EV_NONE = 0,
	CLR_EV_DOB,             /* date of birth */
	CLR_EV_POB,             /* place of birth, as written */
	CLR_EV_NATIONALITY,     /* norm: ISO 3166 alpha-2 */
	CLR_EV_CITIZENSHIP,     /* norm: ISO 3166 alpha-2 */
	CLR_EV_ID,              /* passport, national id, registration, tax number ... */
	CLR_EV_IMO,             /* a vessel's IMO number; norm: its 7 digits */
	CLR_EV_MMSI,            /* a vessel's MMSI; norm: its 9 digits */
	CLR_EV_CALL_SIGN,       /* a vessel's or aircraft's call sign */
	CLR_EV_AIRCRAFT_SERIAL, /* an aircraft's manufacturer serial number */
	CLR_EV_GENDER,          /* norm: "male" or "female" */
	CLR_EV_FLAG,            /* a vessel's flag; norm: ISO 3166 alpha-2 when known */
	CLR_EV_ADDRESS,         /* a query's city or address (compared with the listed
	                         * addresses and places of birth; lists' addresses stay in
	                         * clr_entry.addresses) */
	CLR_EV_NKINDS
} clr_evidence_kind;

const char *clr_evidence_kind_name(clr_evidence_kind k); /* "dob", "id", "imo" ... */

typedef struct clr_evidence {
	clr_evidence_kind kind;
	const char *value;    /* as the list writes it */
	const char *norm;     /* compared form: an identifier's letters and digits in upper case
	                       * (leading zeros dropped from an all-digit one), an ISO code, the
	                       * digits of an IMO number; NULL when none */
	const char *id_type;  /* CLR_EV_ID: the list's name of the kind ("Passport") */
	const char *country;  /* CLR_EV_ID: the issuing country, ISO 3166 alpha-2 when known,
	                       * as written otherwise, or NULL */
	int32_t from, to;     /* CLR_EV_DOB: the first and last day it allows, yyyymmdd */
	uint8_t precision;    /* CLR_EV_DOB: 1 year, 2 month, 3 day (0: not read) */
	uint8_t circa;        /* CLR_EV_DOB: "circa", "approximately" */
} clr_evidence;

/* One listed party, whatever list it came from.  All strings are UTF-8,
 * NULL when absent; dates are ISO "YYYY-MM-DD" or NULL. */
typedef struct clr_entry {
	const char *id;          /* CSL _id, "ofac:<ent_num>", "un:<ref>", "dpl:<hash>",
	                          * "eu:<logicalId>", "ca:<regime>:<schedule>:<item>" */
	const char *source;      /* list code: EL, SDN, DPL, UVL, MEU, UN, ... */
	const char *source_name; /* the list's long name as published, may be NULL */
	clr_type type;
	size_t nnames;           /* names[0] is the primary name */
	const clr_name *names;
	size_t naddresses;
	const clr_address *addresses;
	size_t nprograms;
	const char *const *programs;
	size_t ncitations;       /* Federal Register citations, "90 FR 14048, 3/28/25" */
	const char *const *citations;
	size_t ncountries;       /* countries from addresses, nationality, remarks */
	const char *const *countries;
	const char *start_date;
	const char *end_date;
	const char *license_requirement;
	const char *license_policy;
	const char *remarks;
	const char *file;        /* file it was loaded from */
	size_t line;             /* line of the record in that file (1-based) */
	/* NULL when every name is listed; else one per name: where each name
	 * of kind CLR_NAME_USER_ALIAS came from (file NULL for listed names) */
	const clr_name_origin *name_origins;
	size_t nevidence;        /* dates of birth, identifiers, ... */
	const clr_evidence *evidence;
} clr_entry;

/* Another listing of an alert's party: the same party listed again, on
 * another list or on the same one (docs/lists.md, "One party, several
 * listings"), and the evidence that links them: "identifier",
 * "un_reference", "name_and_date_of_birth", "name_on_same_list",
 * "name_and_country".  Since 0.2.0. */
typedef struct clr_listing {
	const clr_entry *entry;
	const char *linked_by;
} clr_listing;

/* ---- list database ---------------------------------------------------- */

typedef struct clr_db clr_db;

enum {
	CLR_LOAD_LENIENT = 1 << 0, /* skip bad rows, report each; default is all-or-nothing per file */
};

/* The other listings of the party of the entry with this id (the same
 * party listed again, clr_listing): their count, the first cap written to
 * out.  The db must be prepared (clr_db_prepare). */
size_t clr_db_listings(clr_db *db, const char *entry_id, clr_listing *out, size_t cap);

/* Creates an empty list database. */
CLR_WARN_UNUSED int clr_db_new(clr_db **out);
void clr_db_free(clr_db *db);

/* Loads one list file or every list file of a directory.  The format is
 * detected from the content (CSL CSV/JSON, OFAC legacy CSV with siblings,
 * BIS DPL text, UN XML).  On error nothing of the failing file is loaded
 * (unless CLR_LOAD_LENIENT) and clr_db_errmsg() names file, line and field.
 * Loading after the first screen rebuilds the index on the next screen. */
CLR_WARN_UNUSED int clr_db_load(clr_db *db, const char *path, unsigned flags);
/* Adds the user's names for listed entries, names no list can know (a
 * Han-script name, say), from an alias file: CSV (UTF-8, optional byte order
 * mark) with a header naming at least the columns entry_id and name (others,
 * such as note, are ignored), one alias per row.  Each row adds name to the
 * entry clr_db_find() returns for entry_id as a name of kind
 * CLR_NAME_USER_ALIAS, screened like any listed alias; entry->name_origins
 * keeps its file and line.  A name the entry already has (after trimming) is
 * added once, the repeat kept as a warning.  Call it after the lists are
 * loaded and before clr_db_prepare() or the first screen (a later call
 * rebuilds the index on the next screen, as clr_db_load does).  An entry
 * given aliases is replaced by a copy: pointers taken before keep the old
 * names.  Strict (flags 0): a bad row (missing column, empty id or name,
 * invalid UTF-8, a field over a limit of limits.h, an unknown entry id) is
 * CLR_EINPUT or CLR_ELIMIT naming file, line and field, and nothing of the
 * file is applied; CLR_LOAD_LENIENT applies the good rows and reports each
 * bad one in the file's clr_file_report (format "aliases").  CLR_EUSAGE on a
 * db opened with clr_db_open_index(): load the aliases before
 * clr_db_write_index() instead, and the index holds them as any name. */
CLR_WARN_UNUSED int clr_db_load_aliases(clr_db *db, const char *path, unsigned flags);
/* Reads the policy of what evidence beyond the name does to scores
 * (data/rules/evidence-policy.conf, docs/evidence.md) in place of the
 * built-in one; CLR_EINPUT naming file, line and key when it does not read
 * (the policy in force is then unchanged). */
CLR_WARN_UNUSED int clr_db_load_evidence_policy(clr_db *db, const char *path);
/* The version of the evidence policy in force ("builtin-1" when none was
 * loaded). */
const char *clr_db_evidence_policy(const clr_db *db);

/* Message of the last error on this handle ("" when none). */
const char *clr_db_errmsg(const clr_db *db);

/* Builds the screening index now (done lazily by the first screen
 * otherwise).  Not thread-safe against concurrent screens: call it before
 * sharing the handle between threads. */
CLR_WARN_UNUSED int clr_db_prepare(clr_db *db);

size_t clr_db_entry_count(const clr_db *db);
const clr_entry *clr_db_entry(const clr_db *db, size_t i);
/* Looks an entry up by id; NULL when absent or before clr_db_prepare(). */
const clr_entry *clr_db_find(const clr_db *db, const char *id);

/* Compiled index files (FILE.clx, docs/index.md).  clr_db_write_index
 * prepares db and writes its entries and screening index to path (through a
 * temporary file and a rename).  clr_db_open_index maps such a file into an
 * empty db, read-only and shared between processes: it checks the format,
 * the writer's version and layout, the size and a checksum of the whole
 * file, and does no work per entry (entries decode on first use).  Screening
 * gives the same results as the lists the file was built from.  No list can
 * be loaded into a db opened this way.  clr_db_verify_index checks every
 * record of an opened file (what opening trusts to the checksum); 0 for a db
 * not opened from a file. */
CLR_WARN_UNUSED int clr_db_write_index(clr_db *db, const char *path);
CLR_WARN_UNUSED int clr_db_open_index(clr_db *db, const char *path);
CLR_WARN_UNUSED int clr_db_verify_index(clr_db *db);
/* 16 hex digits naming the lists db screens against, as the screening log
 * records them: an index file's checksum (clr_db_open_index), or for list
 * and alias files the XXH3-64 of their bytes folded in load order (the same
 * files loaded in the same order give the same digits; an index built from
 * them has its own). */
void clr_db_checksum(const clr_db *db, char out[17]);

/* Load report: one record per loaded file. */
typedef struct clr_file_report {
	const char *path;
	const char *format;   /* "csl-csv", "csl-json", "ofac-csv", "dpl", "un-xml", "eu-xml",
	                       * "eu-csv", "ca-xml", "uk-xlsx", "uk-csv", "uk-xml", "au-xlsx",
	                       * "jp-xlsx", "aliases" */
	size_t rows;          /* data records read from the file(s) */
	size_t entries;       /* entries created (none by an alias file) */
	size_t names;         /* names (primary + aliases + affiliates; user aliases added) */
	size_t addresses;
	size_t header_repeats;/* stray repeated header rows skipped */
	size_t skipped;       /* rows rejected in lenient mode */
	size_t orphans;       /* sibling rows whose entry is absent (OFAC alt/add/comments) */
	size_t nmessages;     /* warnings: every skipped or orphan row, by file and line */
	const char *const *messages;
	/* evidence read (docs/evidence.md), by clr_evidence_kind: the items kept
	 * and the entries with at least one; dates of birth in no form read (kept
	 * as written, compared with nothing); OFAC remark fields left in remarks */
	size_t evidence[CLR_EV_NKINDS];
	size_t with_evidence[CLR_EV_NKINDS];
	size_t dob_unread;
	size_t remarks_left;
} clr_file_report;

size_t clr_db_report_count(const clr_db *db);
const clr_file_report *clr_db_report(const clr_db *db, size_t i);

/* ---- screening --------------------------------------------------------- */

#define CLR_DEFAULT_THRESHOLD 0.80

/* An identifier a query gives: its kind as the caller names it ("passport",
 * "national id", "tax", "registration", "imo" ...; NULL: any), the number,
 * the issuing country (ISO code or name; NULL: any). */
typedef struct clr_query_id {
	const char *type;
	const char *number;
	const char *country;
} clr_query_id;

typedef struct clr_screen_opts {
	double threshold;    /* alerts at or above; <= 0 means CLR_DEFAULT_THRESHOLD */
	clr_type type;       /* query type, CLR_TYPE_UNKNOWN when not given */
	const char *country; /* ISO code or name, NULL when not given */
	int exhaustive;      /* score every listed name instead of the index's candidates */
	size_t max_alerts;   /* 0: no limit */
	/* evidence beyond the name (docs/evidence.md); NULL / 0 when not given */
	const char *dob;           /* date of birth: "1962-01-31", "1962", "circa 1962" */
	const char *nationality;   /* ISO code or name */
	const clr_query_id *ids;   /* identifiers */
	size_t nids;
	const char *imo;           /* a vessel's IMO number */
	const char *address;       /* kept with the query; not scored yet */
	const char *city;
	/* the jurisdictions whose lists apply, "US,UK,EU" (US, UN, EU, UK, CA,
	 * AU, JP; clr_source_jurisdiction); NULL or "": every list.  Since 0.2.0 */
	const char *jurisdictions;
	/* only entries listed on or before this date ("2024-06-01", against
	 * their start date; an entry without one always): as-of screening of a
	 * snapshot.  NULL: every entry.  Since 0.2.0 */
	const char *listed_by;
	/* every listing an alert of its own (1), instead of one alert per party
	 * with its other listings under it (0, clr_result_listings).  Since 0.2.0 */
	int ungrouped;
	/* room for fields of later versions of the same soname (docs/abi.md);
	 * zero, as the _init function leaves it */
	void *reserved_[5];
} clr_screen_opts;

/* What one piece of evidence did to an alert's score. */
typedef struct clr_evidence_match {
	clr_evidence_kind kind;
	const char *query;   /* as the query gave it */
	const char *listed;  /* the entry's value it was compared with, NULL when the entry has none */
	const char *effect;  /* "match" (an identifier or IMO number), "agrees", "near" (within
	                      * the tolerance), "contradicts" (an identifier matched too),
	                      * "cleared", "lowered" */
	double delta;        /* the score's change */
} clr_evidence_match;

void clr_screen_opts_init(clr_screen_opts *opts);
/* Whether opts' evidence reads (a date of birth, a country, identifiers
 * long enough): 0, or CLR_EUSAGE with msg naming the field ("dob: '31 Feb
 * 1962' is not a date ..."), as clr_screen would refuse it. */
CLR_WARN_UNUSED int clr_screen_opts_check(const clr_screen_opts *opts, char *msg, size_t cap);

/* One matched token pair of an explanation. */
typedef struct clr_token_match {
	const char *query_token;  /* normalised query token(s) */
	const char *listed_token; /* normalised listed token(s), NULL when unmatched */
	double similarity;        /* 0..1 */
	double weight;            /* the pair's weight in the score */
	const char *how;          /* "exact", "typo", "joined", "initial", "abbreviation",
	                           * "transliteration", "equivalent", "nickname", "unmatched" */
	/* the normalisation rule that made the query token ("legal_form",
	 * "number", "vocabulary_typo", ... docs/scorer.md), and the words as the
	 * query wrote them; NULL when the token is the word as written */
	const char *query_rule;
	const char *query_written;
} clr_token_match;

typedef struct clr_alert {
	const clr_entry *entry;
	size_t name_index;        /* which of entry->names matched */
	double score;
	/* explanation */
	const char *query_norm;   /* normalised query */
	const char *listed_norm;  /* normalised listed name */
	size_t nquery_tokens;     /* query tokens, matched or not */
	size_t nlisted_tokens;
	size_t nmatches;
	const clr_token_match *matches; /* query tokens first, then unmatched listed tokens */
	double matched_weight;    /* sum of matched pairs' similarity x weight */
	double total_weight;      /* sum of all tokens' weights, both sides */
	double type_factor;       /* 1, or the penalty for a type mismatch */
	double country_factor;    /* 1, or the penalty for a country mismatch */
	/* 1, or the penalty for a number or a place on both sides that differ
	 * ("Fund III" / "Fund IV"); qualifiers names them ("number", "place",
	 * "number,place"), NULL when none */
	double qualifier_factor;
	const char *qualifiers;
	/* evidence beyond the name compared (dates of birth, identifiers ...) */
	size_t nevidence;
	const clr_evidence_match *evidence;
	double name_score;        /* the score of the name alone, before the evidence */
} clr_alert;

typedef struct clr_result {
	size_t nalerts;
	const clr_alert *alerts;  /* best first */
	/* names that would alert but whose evidence clears them (a date of birth
	 * years off): not alerts, each with its explanation */
	size_t ncleared;
	const clr_alert *cleared;
	size_t ncandidates;       /* listed names the index brought in (all when exhaustive) */
	size_t naligned;          /* of those, names whose score bound reached the threshold */
} clr_result;

/* The other listings of the party of alert k of r (a result of clr_screen,
 * grouped): their count, *out (may be NULL) the array, owned by r. */
size_t clr_result_listings(const clr_result *r, size_t k, const clr_listing **out);

/* Per-thread screening context (scratch memory, transliterator).  A db
 * that is prepared can be shared by many screeners, one per thread. */
typedef struct clr_screener clr_screener;

CLR_WARN_UNUSED int clr_screener_new(clr_screener **out, clr_db *db);
void clr_screener_free(clr_screener *s);
const char *clr_screener_errmsg(const clr_screener *s);

/* Screens one name.  The result is owned by the caller. */
CLR_WARN_UNUSED int clr_screen(clr_screener *s, const clr_screen_opts *opts,
                               const char *name, clr_result **out);
void clr_result_free(clr_result *r);

/* Scores two names against each other with the db's token weights (or
 * neutral weights when db is NULL).  *out_alert describes the comparison;
 * it is freed with clr_result_free(). */
CLR_WARN_UNUSED int clr_compare(clr_screener *s, clr_type type, const char *a,
                                const char *b, clr_result **out);

/* The lists' statistics of one normalised token: in how many listed names
 * it occurs, its weight in scores, and whether it is too common to bring a
 * listed name in on its own.  Returns CLR_EINPUT for an unknown token. */
CLR_WARN_UNUSED int clr_db_token_stats(clr_db *db, const char *token, size_t *out_df,
                                       double *out_weight, int *out_common);

/* Normalises a name as the matcher sees it; caller frees *out with free(). */
CLR_WARN_UNUSED int clr_normalize(clr_screener *s, const char *name, char **out);

/* ---- batch input ------------------------------------------------------- */

/* One query record of a batch: JSON lines {"id", "name", "type"?, "country"?,
 * evidence?} or CSV with a header naming at least a name column (id, type,
 * country and the evidence columns optional).  Other CSV columns and JSON fields are kept as attributes.
 * Strings are borrowed until the next clr_reader_next(). */
typedef struct clr_record {
	const char *id;      /* the record's id, or its line number when absent */
	const char *name;
	const char *type;    /* NULL when absent */
	const char *country; /* NULL when absent */
	size_t line;         /* 1-based line where the record starts */
	/* the other columns (CSV, as strings; empty fields left out) or fields
	 * (JSON lines, as given) as a compact JSON object; NULL when none.  The
	 * evidence below stays among them. */
	const char *attributes;
	/* evidence beyond the name (docs/evidence.md): columns or fields dob,
	 * nationality, address, city, imo; identifiers as a JSON line's "ids"
	 * ([{"type", "number", "country"}]) or the columns id_type, id_number,
	 * id_country.  NULL / 0 when absent. */
	const char *dob;
	const char *nationality;
	const char *address;
	const char *city;
	const char *imo;
	const clr_query_id *ids;
	size_t nids;
} clr_record;

/* Sets opts' type, country and evidence from what rec gives (a type the
 * matcher does not know is left as opts has it). */
void clr_record_screen_opts(const clr_record *rec, clr_screen_opts *opts);
/* A copy of rec that owns its strings (they are borrowed until the next
 * clr_reader_next()); free it with free(). */
CLR_WARN_UNUSED int clr_record_copy(const clr_record *rec, clr_record **out);

typedef struct clr_reader clr_reader;

/* Opens a reader over f (not closed by the reader); path is for messages.
 * The format is detected from the first non-blank byte ('{' = JSON lines). */
CLR_WARN_UNUSED int clr_reader_open(clr_reader **out, FILE *f, const char *path);
/* Returns 1 with the next record, 0 at the end, or a negative clr_err with
 * clr_reader_errmsg() naming file, line and field. */
CLR_WARN_UNUSED int clr_reader_next(clr_reader *r, clr_record *rec);
const char *clr_reader_errmsg(const clr_reader *r);
void clr_reader_free(clr_reader *r);

/* ---- JSON output (shared by the CLI and the server) -------------------- */

/* One batch output line: {"id", "name", "alerts": [...]} (no newline). */
CLR_WARN_UNUSED int clr_batch_line_json(const clr_record *rec, const clr_result *r, char **out);

/* Writes the alerts of r as a JSON array; caller frees *out with free(). */
CLR_WARN_UNUSED int clr_result_alerts_json(const clr_result *r, char **out);
/* Screens names[0..n) on s, name k with opts[k] (opts NULL or opts[k] NULL:
 * the defaults), and writes one JSON array holding, in order, the array
 * clr_result_alerts_json writes for each: one call for a batch, for callers
 * that cross a language boundary per call (the Python module screens a
 * chunk of names without taking the interpreter's lock).  On an error its
 * code is returned, *failed (may be NULL) is the name's index, the
 * screener's message says why and *out is NULL.  Since 0.2.0. */
CLR_WARN_UNUSED int clr_screen_many_json(clr_screener *s, const clr_screen_opts *const *opts,
                                         const char *const *names, size_t n, char **out,
                                         size_t *failed);
/* The names the evidence cleared (clr_result.cleared), as alerts are written. */
CLR_WARN_UNUSED int clr_result_cleared_json(const clr_result *r, char **out);
/* Writes one alert's explanation as a JSON object. */
CLR_WARN_UNUSED int clr_alert_explain_json(const clr_alert *a, char **out);
/* Writes an entry as a JSON object. */
CLR_WARN_UNUSED int clr_entry_json(const clr_entry *e, char **out);
/* A query as the screening log records it (clr_screening.query): the name,
 * threshold, type, country and evidence of opts as one JSON object, keys in
 * byte order and absent fields left out, so that the same query always
 * reads the same.  Caller frees *out. */
CLR_WARN_UNUSED int clr_screen_query_json(const char *name, const clr_screen_opts *opts,
                                          char **out);
/* The alerts of r as the screening log records them (clr_screening.alerts):
 * [{"entry_id", "score", "source"}], best first.  Caller frees *out. */
CLR_WARN_UNUSED int clr_result_log_json(const clr_result *r, char **out);

/* ---- ownership rules and license decisions ----------------------------- */

/* A party links to a list entry for the ownership rules only through an
 * alert at or above this score (docs/rules.md); weaker alerts at or above
 * the screening threshold make a transaction "review". */
#define CLR_STRONG_MATCH 0.90

/* An ownership graph: CSV with a header naming owner_id, owner_name,
 * owned_id, owned_name, percent, start_date, end_date (owner_country and
 * owned_country optional).  Ids of the form "list:<entry_id>" name a list
 * entry; other parties are linked to entries by screening their names. */
typedef struct clr_owner_graph clr_owner_graph;

CLR_WARN_UNUSED int clr_owner_new(clr_owner_graph **out);
void clr_owner_free(clr_owner_graph *g);
/* Message of the last error on this graph ("" when none). */
const char *clr_owner_errmsg(const clr_owner_graph *g);
/* Adds the edges of one ownership file (or of a memory image, name used in
 * messages).  A bad row is CLR_EINPUT naming file, line and field, and
 * nothing of the file is added; oddities that are not errors (cycles,
 * self-ownership, over 100% in total) are kept as warnings. */
CLR_WARN_UNUSED int clr_owner_load(clr_owner_graph *g, const char *path);
CLR_WARN_UNUSED int clr_owner_parse(clr_owner_graph *g, const char *buf, size_t len,
                                    const char *name);
size_t clr_owner_party_count(const clr_owner_graph *g);
size_t clr_owner_edge_count(const clr_owner_graph *g);
size_t clr_owner_warning_count(const clr_owner_graph *g);
const char *clr_owner_warning(const clr_owner_graph *g, size_t i);

/* Per-transaction license decisions over a db, the rule data (the
 * Affiliates Rule calendar and Supplement No. 2 to part 744, read from a
 * folder such as data/rules) and optionally an ownership graph.  The db and
 * graph are borrowed: they must outlive the checker and not be loaded into
 * while it is in use.  One checker per thread. */
typedef struct clr_check clr_check;

typedef struct clr_check_opts {
	double threshold;    /* alerts at or above make "review"; <= 0: CLR_DEFAULT_THRESHOLD */
	double strong;       /* links for the rules; <= 0: CLR_STRONG_MATCH */
	int ids_only;        /* link graph parties by list:<id> only, never by name */
	/* room for fields of later versions of the same soname (docs/abi.md);
	 * zero, as the _init function leaves it */
	void *reserved_[8];
} clr_check_opts;

void clr_check_opts_init(clr_check_opts *opts);
CLR_WARN_UNUSED int clr_check_new(clr_check **out, clr_db *db, const clr_check_opts *opts);
void clr_check_free(clr_check *c);
const char *clr_check_errmsg(const clr_check *c);
/* Reads calendar.csv and supp2-744.csv from dir. */
CLR_WARN_UNUSED int clr_check_load_rules(clr_check *c, const char *dir);
/* Links every party of g to list entries (list:<id> or screening) and uses
 * g for the ownership rules.  An unknown list:<id> is CLR_EINPUT. */
CLR_WARN_UNUSED int clr_check_set_ownership(clr_check *c, clr_owner_graph *g);
/* Status of a rule of the calendar on an ISO date: "in_force",
 * "suspended" or "not_in_force"; *citation (may be NULL) is borrowed. */
CLR_WARN_UNUSED int clr_check_rule_status(clr_check *c, const char *rule, const char *date,
                                          const char **out_status, const char **citation);
/* Decides one transaction given as a JSON object (see docs/rules.md) and
 * writes the decision as one JSON line (no newline); caller frees *out. */
CLR_WARN_UNUSED int clr_check_json(clr_check *c, const char *request, size_t len, char **out);
/* Writes one party's ownership paths to listed owners on an ISO date (NULL:
 * today) as a graph: {"party", "name", "date", "listed", "covered", "nodes":
 * [{"id", "name", "listed": [{"entry_id", "source"}]}], "edges": [{"owner",
 * "owned", "percent"}], "paths": [{"owner", "entry_id", "source", "share",
 * "path_share", "path": [ids], "rule"}]}.  CLR_EINPUT for an unknown party,
 * CLR_EUSAGE without an ownership graph or rule data.  Caller frees *out. */
CLR_WARN_UNUSED int clr_check_party_json(clr_check *c, const char *party, const char *date,
                                         char **out);
/* Writes the ownership report for an ISO date: every party a rule covers,
 * its listed owners and ownership paths, then the gap report. */
CLR_WARN_UNUSED int clr_check_owners_report(clr_check *c, const char *date, int json, FILE *f);

/* ---- store: snapshots, customers, alerts, audit (SQLite) --------------- */

/* A clearance store: one SQLite file in WAL mode holding list snapshots
 * (source files as content-addressed blobs, entry versions by content hash),
 * customers, alerts with analyst decisions, and a hash-chained audit trail.
 * Every change is one transaction: a killed process leaves the last
 * committed state.  Errors: 0 or a negative clr_err, message on the handle. */
typedef struct clr_store clr_store;

/* Opens (creating when absent) the store at path. */
CLR_WARN_UNUSED int clr_store_open(clr_store **out, const char *path);
void clr_store_free(clr_store *st);
const char *clr_store_errmsg(const clr_store *st);
/* Who the audit records name (default: $CLEARANCE_USER, $USER, "unknown"). */
void clr_store_set_user(clr_store *st, const char *who);

/* Imports list files or folders as one new snapshot with as_of (ISO date,
 * NULL: today).  Every file must load; otherwise nothing changes.
 * *out_snapshot: the snapshot id; *out_new: entry versions not seen before. */
CLR_WARN_UNUSED int clr_store_import(clr_store *st, const char *const *paths, size_t npaths,
                                     const char *as_of, int64_t *out_snapshot, size_t *out_new);
/* Writes added/removed/changed entries between two snapshots as JSON lines
 * (to 0: the latest; from 0: the one before to) and the per-source summary ("EL: +12 -0 ~3",
 * one line per source) to summary. */
CLR_WARN_UNUSED int clr_store_diff(clr_store *st, int64_t from, int64_t to, FILE *out,
                                   FILE *summary);
/* The snapshot in force on an ISO date: the latest whose as-of is on or
 * before it, else the earliest (*out_fallback set).  CLR_EINPUT when empty. */
CLR_WARN_UNUSED int clr_store_snapshot_at(clr_store *st, const char *date, int64_t *out,
                                          int *out_fallback);
/* Loads a snapshot's source files into db (materialised in a temporary
 * folder, removed afterwards); snapshot 0 is the latest. */
CLR_WARN_UNUSED int clr_store_load(clr_store *st, int64_t snapshot, clr_db *db, unsigned flags);
/* Appends one audit record in its own transaction (used by `screen-asof`). */
CLR_WARN_UNUSED int clr_store_audit(clr_store *st, const char *action, const char *input_hash,
                                    int64_t snapshot, const char *result);

/* Downloads the list sources of a sources file and imports them as one
 * snapshot.  Sources file: one "name url..." line per source (the files of
 * one source, e.g. OFAC's sdn.csv, add.csv, alt.csv, sdn_comments.csv, are
 * kept together), # starts a comment.  Every file must download completely
 * (HTTP 200, full Content-Length, within timeout and CLR_MAX_FILE_BYTES) and
 * every source must parse; otherwise nothing changes: CLR_EIO (a download),
 * CLR_EINPUT (a source that does not parse) or CLR_ELIMIT, the message
 * naming the source, URL and reason; a bad sources file or an unknown
 * source name is CLR_EUSAGE.  The audit record "update" lists each
 * source's hash (SHA-256 of its files' SHA-256s). */
typedef struct clr_update_opts {
	const char *config;       /* the sources file; NULL: "data/sources.conf" */
	const char *const *only;  /* fetch only these source names (nonly of them; 0: all) */
	size_t nonly;
	long timeout;             /* seconds per file; <= 0: 300 */
	const char *as_of;        /* snapshot date, ISO; NULL: today */
	const char *rules;        /* the rule data folder whose ear/ takes the EAR tables that
	                           * sources named ear-country-chart fetch; NULL: data/rules */
	/* room for fields of later versions of the same soname (docs/abi.md);
	 * zero, as the _init function leaves it */
	void *reserved_[8];
} clr_update_opts;
CLR_WARN_UNUSED int clr_store_update(clr_store *st, const clr_update_opts *opts, FILE *log,
                                     int64_t *out_snapshot, size_t *out_new);

/* Imports customers (clr_reader input: CSV or JSON lines; columns other than
 * id, name, type, country are kept as the customer's attributes, the
 * evidence among them: dob, nationality, ids ...).  New and changed
 * customers (name, type, country or evidence) are marked for the next delta
 * rescreen and their name tokens indexed; a change of the other attributes
 * only is stored without marking (it cannot change a screening result).
 * Evidence that does not read is an error naming file, line and field.  With CLR_CUSTOMERS_REPLACE the
 * file is the whole customer base: customers absent from it are deleted
 * (their alerts close at the next rescreen). */
enum { CLR_CUSTOMERS_REPLACE = 1 << 0 };
typedef struct clr_customers_stats {
	size_t total;      /* records read */
	size_t changed;    /* new, or name, type or country changed */
	size_t attributes; /* attributes changed only */
	size_t deleted;    /* removed (CLR_CUSTOMERS_REPLACE) */
} clr_customers_stats;
CLR_WARN_UNUSED int clr_store_customers_import(clr_store *st, const char *path, unsigned flags,
                                               clr_customers_stats *out);

typedef struct clr_rescreen_stats {
	int64_t snapshot;         /* snapshot screened against */
	size_t customers;         /* customers in the store */
	size_t screened;          /* customers screened this run */
	size_t changed_customers; /* new or changed since the last rescreen */
	size_t changed_entries;   /* entry versions new since the last rescreen's snapshot */
	size_t alerts;            /* alerts found */
	size_t emitted;           /* alerts written to out */
	size_t suppressed;        /* alerts held back by a false-positive decision */
	size_t reopened;          /* false positives alerting again after a change */
	size_t removed_entries;   /* entries of the last rescreen's snapshot no longer listed */
	size_t closed;            /* alerts closed: no longer produced (see docs/history.md) */
	size_t cleared;           /* names that alone would alert, cleared by the customers'
	                           * evidence (a date of birth years off: docs/evidence.md) */
	int token_delta;          /* 1: only customers sharing a token relation with a new
	                           * or changed entry were screened (plus changed ones) */
} clr_rescreen_stats;

/* Screens the customers against the latest snapshot, records alerts (id:
 * hash of customer id and entry id) and writes them as JSON lines: all open
 * ones, or with delta only those new or changed since the last rescreen.
 * An alert no longer produced for a screened customer, or whose entry or
 * customer is gone, is closed.  With delta after a list change only the
 * customers whose name tokens relate to a new or changed entry's anchor
 * tokens are screened (docs/history.md). */
CLR_WARN_UNUSED int clr_store_rescreen(clr_store *st, int delta, const clr_screen_opts *opts,
                                       FILE *out, clr_rescreen_stats *stats);
/* The evidence policy file rescreens apply (clr_db_load_evidence_policy),
 * read now so that a bad one fails here; NULL: the built-in.  Each
 * rescreen's audit record names the policy's version. */
CLR_WARN_UNUSED int clr_store_set_evidence_policy(clr_store *st, const char *path);
/* Records an analyst decision: "false_positive", "true_match", "escalated". */
CLR_WARN_UNUSED int clr_store_review(clr_store *st, const char *alert_id, const char *decision,
                                     const char *by, const char *note);
/* Writes alerts ("open", "reviewed", "closed" or "all") with their history
 * as JSON lines: {"alert_id", "id", "status", "decision", "customer_id",
 * "customer_name", "entry_id", "source", "listed_name", "score", "reason",
 * "attributes": {...}, "history": [{"at", "event", "by", "note"}]}. */
CLR_WARN_UNUSED int clr_store_alerts(clr_store *st, const char *status, FILE *out);
/* Checks the audit hash chain; CLR_EINPUT naming the first bad record. */
CLR_WARN_UNUSED int clr_store_audit_verify(clr_store *st, size_t *out_records);
/* Checks that the store is consistent (SQLite integrity, every snapshot
 * complete, every blob matching its hash, the audit chain). */
CLR_WARN_UNUSED int clr_store_check(clr_store *st);
/* Writes audit records (at or after since, an ISO date or NULL) as JSON lines. */
CLR_WARN_UNUSED int clr_store_audit_export(clr_store *st, const char *since, FILE *out);

/* JSON views for the HTTP API (docs/api.md); each *out is one JSON document
 * owned by the caller (free()).  An unknown id is CLR_EINPUT, a bad argument
 * CLR_EUSAGE, both with the message on the handle. */
/* {"total", "alerts": [ALERT...]}: a page of alerts of a status (NULL: open). */
CLR_WARN_UNUSED int clr_store_alerts_json(clr_store *st, const char *status, size_t limit,
                                          size_t offset, char **out);
/* One ALERT object. */
CLR_WARN_UNUSED int clr_store_alert_json(clr_store *st, const char *id, char **out);
/* {"id", "name", "type", "country", "alerts": [ALERT...]}. */
CLR_WARN_UNUSED int clr_store_customer_json(clr_store *st, const char *id, char **out);
/* {"snapshots": [{"id", "as_of", "imported", "by", "entries", "sources", "files"}]}. */
CLR_WARN_UNUSED int clr_store_snapshots_json(clr_store *st, char **out);
/* The latest snapshot's id and as-of date; CLR_EINPUT when there is none. */
CLR_WARN_UNUSED int clr_store_latest(clr_store *st, int64_t *out_id, char out_as_of[16]);
/* {"from", "to", "summary", "total_changes", "changes" (limit from offset),
 * "hits": alerts on the added or changed entries}; ids as clr_store_diff. */
CLR_WARN_UNUSED int clr_store_diff_json(clr_store *st, int64_t from, int64_t to, size_t limit,
                                        size_t offset, char **out);
/* {"verified", "total", "records": the last limit records at or after since}. */
CLR_WARN_UNUSED int clr_store_audit_json(clr_store *st, const char *since, size_t limit,
                                         char **out);

/* The screening log (docs/screening-log.md): one record per screening
 * through the API or `screen --log`, a hash chain of its own that
 * clr_store_audit_verify checks with the audit trail (an edited, deleted or
 * reordered record fails it, the newest included). */
typedef struct clr_screening {
	const char *at;         /* UTC "YYYY-MM-DDTHH:MM:SS.mmmZ"; NULL: now */
	const char *who;        /* the API key's name or the CLI user; NULL: clr_store_set_user's */
	const char *route;      /* the interface: "POST /v1/screen", "cli screen" ... */
	const char *request_id; /* may be NULL */
	const char *party;      /* the name screened, as given */
	const char *query;      /* the query and its evidence, a JSON object (clr_screen_query_json) */
	int64_t snapshot;       /* the store snapshot screened against; 0: lists from files */
	const char *checksum;   /* clr_db_checksum of the lists screened against; may be NULL */
	const char *alerts;     /* the alerts returned, a JSON array (clr_result_log_json) */
	size_t nalerts;
	void *reserved_[4];     /* zero */
} clr_screening;
/* Appends n records in one transaction (the server's writer thread batches
 * its requests' records into one call).  CLR_EUSAGE for a record without
 * route, party, query or alerts, or with query or alerts not JSON of the
 * kind named; nothing is written then. */
CLR_WARN_UNUSED int clr_store_screenings_log(clr_store *st, const clr_screening *v, size_t n);
/* The same for a batch named batch (at most 127 bytes), logged once: when
 * the batch logged last had the same name, nothing is written and *out_dup
 * (may be NULL) is set.  For a journal replayed after a crash that may have
 * come between the batch's commit and the journal's removal. */
CLR_WARN_UNUSED int clr_store_screenings_log_batch(clr_store *st, const clr_screening *v,
                                                   size_t n, const char *batch, int *out_dup);

typedef struct clr_screenings_filter {
	const char *since;  /* ISO date or time: at or after; NULL: from the first */
	const char *until;  /* ISO date (that whole day) or time: at or before; NULL: to the last */
	const char *party;  /* every word must be a word of the party's name (any case, accents
	                     * ignored); NULL: any */
	const char *who;    /* the key or user exactly; NULL: any */
	size_t limit;       /* the newest limit records; 0: all */
	void *reserved_[4]; /* zero */
} clr_screenings_filter;
enum {
	CLR_SCREENINGS_TEXT = 0, /* a line per record, for people */
	CLR_SCREENINGS_JSON,     /* {"count", "screenings": [RECORD...]} */
	CLR_SCREENINGS_JSONL,    /* a RECORD per line */
	CLR_SCREENINGS_CSV,      /* a header, then a row per record; query and alerts as JSON */
};
/* Writes the records f selects, newest first, in a format above; RECORD is
 * {"seq", "at", "who", "route", "request_id", "party", "query": {...},
 * "snapshot", "checksum", "nalerts", "alerts": [...], "hash"}.  *out_n (may
 * be NULL): how many.  CLR_EUSAGE for a bad date or party. */
CLR_WARN_UNUSED int clr_store_screenings_write(clr_store *st, const clr_screenings_filter *f,
                                               int format, FILE *out, size_t *out_n);
/* The same as one JSON document (CLR_SCREENINGS_JSON), for GET /v1/screenings. */
CLR_WARN_UNUSED int clr_store_screenings_json(clr_store *st, const clr_screenings_filter *f,
                                              char **out);
/* Brings the party index up to date with the records logged since it last
 * ran (*out_indexed: how many; may be NULL).  Logging leaves that to this
 * call, so that a commit stays small; a query by party and prune run it
 * first, and the server's writer every few thousand records. */
CLR_WARN_UNUSED int clr_store_screenings_index(clr_store *st, size_t *out_indexed);
/* Retention: removes the records before the first one at or after before
 * (an ISO date or time) and appends the audit record "screenings prune"
 * naming the record the chain now starts at and the hash it links to, which
 * verification takes as the chain's start.  The audit trail and the log
 * are verified first: a broken chain is CLR_EINPUT, not pruned (that would
 * hide what broke it).  *out_removed may be NULL. */
CLR_WARN_UNUSED int clr_store_screenings_prune(clr_store *st, const char *before,
                                               size_t *out_removed);

/* API keys kept hashed in the store (table keys).  A new key is written to
 * out_key once (NUL-terminated, "clr_" and 48 hex digits) and only its
 * SHA-256 is stored; name NULL names it "<role>-<id>".  Create and revoke
 * append audit records. */
typedef struct clr_store_key {
	int64_t id;
	char name[64];
	char role[16]; /* "screen", "analyst", "admin" */
} clr_store_key;

CLR_WARN_UNUSED int clr_store_key_create(clr_store *st, const char *role, const char *name,
                                         char out_key[80], int64_t *out_id);
/* Writes the keys (never their hashes in full) as JSON lines. */
CLR_WARN_UNUSED int clr_store_keys_list(clr_store *st, FILE *out);
/* Revokes the active key with this id or name. */
CLR_WARN_UNUSED int clr_store_key_revoke(clr_store *st, const char *id_or_name);
/* Looks a presented key up: 1 with *out filled when it is an active key, 0
 * when unknown or revoked, or a negative clr_err.  *out_any says whether the
 * store holds any active key (key may be NULL to ask only that). */
CLR_WARN_UNUSED int clr_store_key_find(clr_store *st, const char *key, size_t len,
                                       clr_store_key *out, int *out_any);

#ifdef __cplusplus
}
#endif

/* ---- the HTTP service (src/server; docs/api.md) ---- */

#define CLR_SERVER_MAX_LISTS 64
#define CLR_SERVER_MAX_ALIASES 16

typedef struct clr_server_config {
	const char *listen;           /* "host:port"; port 0 picks a free one */
	const char *lists[CLR_SERVER_MAX_LISTS];
	int nlists;
	const char *index;            /* a compiled index instead of lists, may be NULL */
	const char *aliases[CLR_SERVER_MAX_ALIASES]; /* alias files applied after the lists */
	int naliases;
	unsigned load_flags;
	double threshold;             /* default for requests without one */
	const char *ownership;        /* may be NULL */
	const char *rules;            /* rule data folder for /v1/check */
	const char *evidence_policy;  /* clr_db_load_evidence_policy; NULL: the built-in */
	const char *keys;             /* NULL: open unless the store holds keys */
	const char *store;            /* clearance store: lists (without --list), alerts, keys */
	unsigned threads;             /* thread pool size, 0: one per core */
	int access_log;
	/* Limits against hostile load (docs/deployment.md); 0: src/limits.h's. */
	unsigned max_connections;     /* open connections in all */
	unsigned max_per_address;     /* open connections from one address */
	double header_seconds;        /* new connection to the end of its headers */
	double idle_seconds;          /* keep-alive: last answer to the next request's headers */
	double body_seconds;          /* end of the headers to the end of the body */
	double queue_seconds;         /* queued work beyond which requests get 503 */
	/* Token buckets: [0] requests without a valid key, per address; then
	 * per key by role: [1] screen, [2] analyst, [3] admin.  per_s 0: the
	 * default, < 0: unlimited. */
	struct {
		double per_s, burst;
	} rate[4];
	const char *tls_cert, *tls_key; /* PEM files: serve HTTPS (both or neither) */
	/* with a store, every screening is logged in it (clr_store_screenings_log)
	 * before it is answered; 1: not (serve --no-screening-log) */
	int no_screening_log;
	/* room for fields of later versions of the same soname (docs/abi.md);
	 * zero, as the _init function leaves it */
	void *reserved_[7];
} clr_server_config;

typedef struct clr_server clr_server;

/* Loads the lists, binds and starts serving; prints errors to stderr.
 * Returns 0 or a negative clr_err. */
CLR_WARN_UNUSED int clr_server_start(clr_server **out, const clr_server_config *cfg);
/* The port it listens on (the one picked, for port 0). */
unsigned clr_server_port(const clr_server *s);
/* Rebuilds the lists (from the files or the store's latest snapshot) and
 * keys aside and swaps them in; in-flight requests finish on the old ones.
 * Returns 0 or a negative clr_err. */
int clr_server_reload(clr_server *s);
void clr_server_stop(clr_server *s);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif /* CLEARANCE_H */
