/*
 * limits.h - every dimension hostile input can inflate, capped in one place
 * with the reason for each cap (after SQLite's sqliteLimit.h).  Exceeding a
 * limit is CLR_ELIMIT with a message naming the file, line and field.
 */
#ifndef CLR_LIMITS_H
#define CLR_LIMITS_H

/* Largest list file read into memory: the full CSL CSV is ~30 MB today. */
#define CLR_MAX_FILE_BYTES ((size_t)1 << 30)
/* One CSV/TSV field: the longest real remarks field is ~8 KB. */
#define CLR_MAX_FIELD_BYTES (256u * 1024u)
/* Columns per row: CSL has 29, OFAC 12. */
#define CLR_MAX_FIELDS 64u
/* Names (primary + aliases) per entry: real SDN maximum is ~150. */
#define CLR_MAX_NAMES_PER_ENTRY 4096u
/* Addresses, programs, citations per entry. */
#define CLR_MAX_ITEMS_PER_ENTRY 4096u
/* One name as screened, in bytes: longer input is refused, not truncated. */
#define CLR_MAX_NAME_BYTES 1024u
/* Tokens per name: longer names are refused (real maximum is ~40). */
#define CLR_MAX_TOKENS 64u
/* One token in bytes after normalisation. */
#define CLR_MAX_TOKEN_BYTES 128u
/* JSON nesting for list files and requests. */
#define CLR_MAX_JSON_DEPTH 32u
/* XML element depth in the UN list (real depth is 5). */
#define CLR_MAX_XML_DEPTH 32u
/* Entries per database: the largest known collections hold ~4 million. */
#define CLR_MAX_ENTRIES (16u * 1024u * 1024u)
/* Warning messages kept per file report (the count is always exact). */
#define CLR_MAX_MESSAGES 10000u
/* Parts screened separately in one query ("X a.k.a. Y (Z)"): each costs a
 * screening of its own. */
#define CLR_MAX_QUERY_PARTS 16u
/* identifiers one query may give (clr_screen_opts.ids, a batch record's "ids") */
#define CLR_MAX_QUERY_IDS 16u
/* One input line of a batch file (JSON lines or CSV). */
#define CLR_MAX_LINE_BYTES (64u * 1024u)

/* User alias files (clr_db_load_aliases).  Rows of one file: a hand-kept
 * file holds hundreds; the cap bounds what is staged before any applies. */
#define CLR_MAX_ALIAS_ROWS 1000000u
/* One alias in bytes: a longer one could never be screened as written, a
 * query over CLR_MAX_NAME_BYTES being refused. */
#define CLR_MAX_ALIAS_BYTES CLR_MAX_NAME_BYTES
/* User aliases of one entry over all alias files: each is scored whenever
 * its entry is a candidate, so no entry outgrows the largest listed ones
 * (~150 names). */
#define CLR_MAX_ALIASES_PER_ENTRY 256u

/* EAR tables (data/rules/ear): rows of one table file (the CCL has ~1,200
 * requirement rows, the HTS supplements ~2,000 codes) and versions kept of
 * one table (one a year for decades). */
#define CLR_MAX_EAR_ROWS 200000u
#define CLR_MAX_EAR_VERSIONS 256u
/* Paragraphs or places one CCL requirement text names ("3A001.b.2, b.3 and
 * b.4"; "China, Russia, or Venezuela"): the longest real ones name 8. */
#define CLR_MAX_EAR_REFS 16u

/* HTTP API (clearance serve).  One request body: a batch of
 * CLR_MAX_BATCH_RECORDS records of full-length names fits with room. */
#define CLR_MAX_REQUEST_BYTES ((size_t)2 << 20)
/* Records per /v1/screen (and transactions per /v1/check) request: keeps one
 * request's latency near a second so it cannot starve the thread pool. */
#define CLR_MAX_BATCH_RECORDS 1000u
/* id and country fields of a request record. */
#define CLR_MAX_REQUEST_ID_BYTES 256u
/* Request line + headers must fit in this per-connection memory (MHD's
 * connection memory limit); beyond it the client gets 431. */
#define CLR_MAX_HEADER_BYTES (32u * 1024u)
/* Seconds a connection may stay idle or trickle a request: slow clients
 * cannot hold connections forever. */
#define CLR_MAX_REQUEST_SECONDS 30u
/* Concurrent connections: each costs a descriptor and CLR_MAX_HEADER_BYTES. */
#define CLR_MAX_CONNECTIONS 1024u
/* Items per page of a store listing (alerts, diff changes, audit records):
 * bounds one response to a few megabytes and one read transaction. */
#define CLR_MAX_PAGE_ITEMS 1000u
/* The note of an analyst's review: a paragraph, not a document. */
#define CLR_MAX_NOTE_BYTES 4096u

#endif
