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
/* Columns per row: CSL has 29, OFAC 12, the EU Financial Sanctions File's
 * CSV 118 (it repeats the regulation's 7 columns for each kind of record,
 * so a kind added costs it a dozen more). */
#define CLR_MAX_FIELDS 256u
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
/* XLSX workbooks (xlsx.c).  One part (a sheet, the shared strings) as
 * inflated: the OFSI sheet is 13 MB; the size is checked against this cap
 * before anything is inflated, so a zip bomb stops here. */
#define CLR_MAX_XLSX_PART_BYTES ((size_t)256 << 20)
/* Shared strings of one workbook: OFSI's has 36,675; a sheet holds at most
 * 1,048,576 rows. */
#define CLR_MAX_XLSX_STRINGS (1024u * 1024u)
/* One cell in bytes: Excel's own cap is 32,767 characters, 4 bytes at most
 * each.  (Cells per row: CLR_MAX_FIELDS.) */
#define CLR_MAX_XLSX_CELL_BYTES (32767u * 4u)
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
/* Seconds a connection may go without a byte while it uploads a body or
 * reads an answer (libmicrohttpd's inactivity timeout). */
#define CLR_MAX_REQUEST_SECONDS 30u
/* Seconds from a new connection to the end of its request line and
 * headers, however they trickle in: a client on a slow link sends 32 KB of
 * headers in well under a second, a slowloris holds the connection for at
 * most this long (serve --header-timeout). */
#define CLR_MAX_HEADER_SECONDS 5u
/* Seconds a keep-alive connection may wait, after an answer, for the whole
 * head of its next request: long enough for a page's next click or a
 * client's next batch, short enough not to hoard the pool (--idle-timeout). */
#define CLR_MAX_IDLE_SECONDS 15u
/* Seconds from the end of the headers to the end of the body:
 * CLR_MAX_REQUEST_BYTES at 300 kbit/s (--body-timeout). */
#define CLR_MAX_BODY_SECONDS 60u
/* Concurrent connections: each costs a descriptor and CLR_MAX_HEADER_BYTES
 * (--max-connections). */
#define CLR_MAX_CONNECTIONS 1024u
/* Concurrent connections from one address: a browser opens 6 per host and
 * an office behind one NAT a few dozen, so one address cannot hold more
 * than a thirtieth of the pool (--max-per-address). */
#define CLR_MAX_CONNECTIONS_PER_ADDRESS 32u
/* Free slots kept by shutting down the oldest idle keep-alive connection
 * when a new one arrives: its client reconnects for free, a refused client
 * sees an error.  Covers one pool thread's share at 16 threads. */
#define CLR_CONNECTION_RESERVE 16u
/* Seconds of queued work (measured per screened record) beyond which a
 * request is answered 503 at once rather than made to wait: a screening
 * service in an order path needs an answer within seconds, and a client
 * told to retry can go elsewhere (--queue-seconds). */
#define CLR_MAX_QUEUE_SECONDS 1.0
/* The share of that bound the queue fills: its drain time is an average
 * (seconds per unit of work, smoothed), and under twice the load it can
 * carry the answered requests' p99 ran about 1.4 times the estimate
 * (bench/bench_abuse.sh, phase 3), so filling the whole bound let answers
 * run over it. */
#define CLR_QUEUE_FILL 0.6
/* Body bytes counted as one unit of work for the queue's estimate: a
 * screened record in a batch takes 40-100 bytes. */
#define CLR_WORK_UNIT_BYTES 64u
/* Requests per second and burst per client (token buckets, --rate): a
 * request with a valid key counts against the key, by its role, any other
 * against its address.  An analyst's page makes a few requests a second,
 * a screening integration batches; these leave room for both and stop a
 * runaway loop. */
#define CLR_RATE_ADDRESS 100.0
#define CLR_RATE_ADDRESS_BURST 200.0
#define CLR_RATE_SCREEN 1000.0
#define CLR_RATE_SCREEN_BURST 2000.0
#define CLR_RATE_ANALYST 100.0
#define CLR_RATE_ANALYST_BURST 200.0
#define CLR_RATE_ADMIN 20.0
#define CLR_RATE_ADMIN_BURST 40.0
/* libmicrohttpd's messages printed a second (one per malformed request or
 * refused connection): the rest are counted, so a flood of bad requests
 * cannot fill the disk through the log. */
#define CLR_MAX_LOG_LINES 10u
/* Buckets kept (keys and addresses seen lately) and slots probed for one:
 * a flood of new addresses evicts the stalest buckets, never grows memory. */
#define CLR_RATE_BUCKETS 65536u
#define CLR_RATE_PROBES 8u
/* Items per page of a store listing (alerts, diff changes, audit records):
 * bounds one response to a few megabytes and one read transaction. */
#define CLR_MAX_PAGE_ITEMS 1000u
/* The note of an analyst's review: a paragraph, not a document. */
#define CLR_MAX_NOTE_BYTES 4096u
/* The screening log's writer (serve, docs/screening-log.md).  Records one
 * transaction commits: one request's whole batch (CLR_MAX_BATCH_RECORDS)
 * fits, and a commit of a few thousand small rows takes milliseconds, so a
 * request never waits on a long one. */
#define CLR_MAX_SCREENLOG_BATCH 4096u
/* Records waiting for the writer, beyond which a worker waits before it
 * queues more: about a second of screenings at full speed, a few MB; the
 * work queue's admission bounds the requests in flight before this does. */
#define CLR_MAX_SCREENLOG_QUEUE 16384u
/* The server's journal (screenlog.c): records imported into the store in
 * one transaction once this many are written, or this many seconds after
 * the oldest was, whichever comes first: large enough that a commit's cost
 * is shared by thousands of records, soon enough that a query sees a
 * screening a moment after its answer. */
#define CLR_SCREENLOG_IMPORT_RECORDS 4096u
#define CLR_SCREENLOG_IMPORT_SECONDS 0.1
/* Records written and not yet imported beyond which the writer waits for
 * the importer (the store is slower than the screening): bounds memory. */
#define CLR_MAX_SCREENLOG_PENDING 65536u
/* The screening log's journal file grows by this much at a time (its blocks
 * allocated, then mapped): two imports' worth of the usual records. */
#define CLR_SCREENLOG_JOURNAL_CHUNK ((size_t)2 << 20)
/* Records the importer commits before it brings the party index up to date
 * (clr_store_screenings_index): indexing each commit's few records costs
 * FTS5 a segment a commit; a few thousand at once cost a few ms, and a query
 * by party indexes at most this many before it answers. */
#define CLR_MAX_SCREENLOG_UNINDEXED 4096u
/* A client's X-Request-Id kept as the record's request id (longer or with
 * other bytes than [A-Za-z0-9._:-]: one of the server's own instead). */
#define CLR_MAX_REQUEST_ID_HEADER 64u

#endif
