/*
 * clx.c - writing and mapping compiled index files.
 *
 * Layout: a fixed header (magic, format, writer version, layout
 * fingerprint, size, XXH3 checksum of everything after the header, the
 * index's scalars and a table of sections), then the sections, each
 * 64-byte aligned: the index arrays exactly as clr_index holds them in
 * memory, per-entry country codes, the entries as records of 32-bit words
 * whose strings are offsets into one string section, an id hash table
 * and the load reports.  Native byte order; another order, format, writer
 * version or layout is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "clx.h"
#include "../match/index.h"

#define CLX_MAGIC "CLRINDEX"
/* 4: names normalised without the BGN primes and middle dots (src/text/norm.c)
 * 5: 8-byte deletion slots holding a lone token themselves (clr_delslot)
 * 6: the listed words' neighbourhoods (clr_index.nbw)
 * 7: per name only where its record starts (clr_index.name_rec)
 * 8: beside a posting, a length class and letter signature of each word that
 *    may pair as an initial or abbreviation (clr_postmeta.wfirst, wsig)
 * 9: a weak code (clr__weak_code) in place of the letter signature
 * 10: weak codes hash the first three, four and five letters
 * 11: name knowledge: legal forms as classes, number and place flags in the
 *     records, name kinds and scripts, the alternates table (clr_index.alt)
 * 12: the normaliser's fingerprint (clr__norm_fingerprint): an index of names
 *     read by other name knowledge is rebuilt, not silently mismatched
 * 13: each entry's evidence (dates of birth, identifiers ...) in its record
 * 14: beside a posting, the folded letters of the words of wfirst
 *     (clr_postmeta.wlet), which bound the weak typos
 * 15: the entries listed as one party (clr_index.link_next, link_why)
 * 16: tokens that fill a joined slot flagged (CLR_TOK_JOINED) */
#define CLX_FORMAT 16u
#define CLX_ENDIAN 0x01020304u
#define CLX_ALIGN 64u

enum {
	S_POOL, S_TOK, S_TOKHT, S_DEL, S_DELIDS, S_NAMES, S_NAMETOKS, S_POST,
	S_ECCOFF, S_ECC, S_EOFF, S_EREC, S_STR, S_IDMAP, S_REPORTS, S_POSTMETA,
	S_NBWBITS, S_NBWRANK, S_NBWOFF, S_NBW, S_ALT, S_ALTIDS, S_EVKEYS, S_LINKNEXT, S_LINKWHY,
	S_NSECT
};

static const char *const sect_names[S_NSECT] = {
	"token pool", "tokens", "token hash", "deletion table", "deletion ids", "names",
	"name records", "postings", "country offsets", "countries", "entry offsets",
	"entry records", "strings", "id table", "reports", "posting side data",
	"word neighbourhood bits", "word neighbourhood ranks", "word neighbourhood offsets",
	"word neighbourhoods", "alternates", "alternate ids", "identifier keys", "party links",
	"party link reasons"};

typedef struct clx_sect {
	uint64_t off, size;
} clx_sect;

typedef struct clx_header {
	char magic[8];
	uint32_t format;
	uint32_t endian;
	char version[16];    /* CLR_VERSION of the writer */
	uint64_t layout;     /* fingerprint of record layouts and matching constants */
	uint64_t file_size;
	uint64_t checksum;   /* of bytes [sizeof(clx_header), file_size): see clx_sum() */
	uint64_t header_sum; /* XXH3-64 of this header with header_sum 0 */
	uint64_t nentries, nnames, ntok, tok_htcap, del_cap, ndel_ids;
	uint64_t npool, nname_toks, npostings, necc, nerec, nstr, idcap, nreports;
	uint64_t nnbw_words, nnbw;
	uint64_t alt_cap, nalt_ids, neq_pairs;
	uint64_t nevkeys;
	uint32_t stop_df, rare_df;
	float w_unknown;
	uint32_t pad;
	uint64_t norm; /* clr__norm_fingerprint() of the writer */
	clx_sect sect[S_NSECT];
} clx_header;

/* Entry record: these words, then 2 per name (string, kind), 2 per address
 * (address, country), 1 per program, citation and country. */
enum {
	R_ID, R_SOURCE, R_SOURCE_NAME, R_TYPE, R_NNAMES, R_NADDR, R_NPROG, R_NCITE, R_NCC,
	R_START, R_END, R_LICREQ, R_LICPOL, R_REMARKS, R_FILE, R_LINE, R_NEV, R_HEAD
};
/* Evidence item: EV_WORDS words: kind | precision << 8 | circa << 16, then the
 * strings value, norm, id_type, country, then from and to. */
#define EV_WORDS 7u

/* Report record (64-bit words): these, then one string per message. */
enum {
	P_PATH, P_FORMAT, P_ROWS, P_ENTRIES, P_NAMES, P_ADDRS, P_REPEATS, P_SKIPPED,
	P_ORPHANS, P_NMSG, P_HEAD
};

struct clr_clx {
	void *map;
	size_t size;
	int heap; /* map is malloc'd memory (clr__clx_open_mem), not a mapping */
	const clx_header *h;
	const uint64_t *eoff;
	const uint32_t *erec;
	const char *str;
	const uint32_t *idmap;
	pthread_mutex_t lock; /* decoding entries */
	clr_arena *arena;
};

static uint64_t layout_fingerprint(void)
{
	const uint64_t v[] = {sizeof(clx_header), sizeof(clr_tokinfo), sizeof(clr_delslot),
	                      sizeof(clr_iname), sizeof(clr_posting), sizeof(clr_postmeta), sizeof(clr_evkey),
	                      CLR_PM_COMMON_ONLY, CLR_PM_COMPLETE, CLR_TOK_CJOIN, CLR_TOK_JOINED, CLR_REC_HEAD,
	                      CLR_MAX_JOIN, CLR_MAX_ANCHORS, CLR_KNOWN_DF, CLR_FALLBACK_ANCHORS,
	                      (uint64_t)(CLR_STOP_DIV * 1000), (uint64_t)(CLR_INITIAL_WEIGHT * 1000),
	                      CLR_MAX_TOKENS, CLR_MAX_TOKEN_BYTES,
	                      CLR_TOK_LEGAL, CLR_TOK_STOP, CLR_TOK_DIGIT, CLR_TOK_NUMBER,
	                      CLR_TOK_PLACE, CLR_TOK_TITLE, CLR_REC_NUMBER, CLR_REC_PLACE,
	                      HOW_NHOW, R_HEAD, P_HEAD};
	return XXH3_64bits(v, sizeof(v));
}

/* ---- the checksum ---- */

/* XXH3-64 of the XXH3-64 hashes of consecutive CLX_CHUNK-byte chunks:
 * the chunks hash on every core at once, so that checking a 1 GB index
 * costs tens of milliseconds. */
#define CLX_CHUNK ((size_t)8 << 20)
#define CLX_MAX_THREADS 16

typedef struct sum_job {
	const unsigned char *p;
	size_t n, nchunks;
	uint64_t *out;
	_Atomic size_t next;
} sum_job;

static void *sum_worker(void *arg)
{
	sum_job *j = arg;
	for (;;) {
		size_t c = j->next++;
		if (c >= j->nchunks)
			return NULL;
		size_t off = c * CLX_CHUNK, len = j->n - off < CLX_CHUNK ? j->n - off : CLX_CHUNK;
		j->out[c] = XXH3_64bits(j->p + off, len);
	}
}

static int clx_sum(const void *p, size_t n, uint64_t *out)
{
	sum_job j = {.p = p, .n = n, .nchunks = n / CLX_CHUNK + 1};
	if (!(j.out = malloc(j.nchunks * sizeof(uint64_t))))
		return CLR_ENOMEM;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus < 1 ? 1 : cpus > CLX_MAX_THREADS ? CLX_MAX_THREADS : (size_t)cpus;
	if (nt > j.nchunks)
		nt = j.nchunks;
	pthread_t th[CLX_MAX_THREADS];
	size_t started = 0;
	for (size_t t = 1; t < nt; t++, started++)
		if (pthread_create(&th[started], NULL, sum_worker, &j))
			break; /* fewer helpers: the caller hashes the rest */
	sum_worker(&j);
	for (size_t t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	*out = XXH3_64bits(j.out, j.nchunks * sizeof(uint64_t));
	free(j.out);
	return 0;
}

/* ---- writing ---- */

/* Strings of the entries, each once, NUL-terminated; offset 0 is "" and
 * stands for NULL. */
typedef struct strtab {
	clr_buf b;
	uint64_t *ht; /* hash << 32 | offset, 0 empty */
	size_t cap, n;
	int oom;
} strtab;

static uint32_t str_ref(strtab *t, const char *s)
{
	if (!s || t->oom)
		return 0;
	size_t n = strlen(s);
	uint64_t hv = clr__hash(s, n);
	uint32_t tag = (uint32_t)(hv >> 32) | 1u;
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1u << 16;
		uint64_t *ht = calloc(cap, sizeof(uint64_t));
		if (!ht) {
			t->oom = 1;
			return 0;
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->ht[i])
				continue;
			const char *z = t->b.p + (uint32_t)t->ht[i];
			size_t h = clr__hash(z, strlen(z)) & (cap - 1);
			while (ht[h])
				h = (h + 1) & (cap - 1);
			ht[h] = t->ht[i];
		}
		free(t->ht);
		t->ht = ht;
		t->cap = cap;
	}
	size_t h = hv & (t->cap - 1);
	for (; t->ht[h]; h = (h + 1) & (t->cap - 1))
		if ((uint32_t)(t->ht[h] >> 32) == tag && !strcmp(t->b.p + (uint32_t)t->ht[h], s))
			return (uint32_t)t->ht[h];
	if (t->b.len + n + 1 > UINT32_MAX) {
		t->oom = 1;
		return 0;
	}
	uint32_t off = (uint32_t)t->b.len;
	if (clr__buf_put(&t->b, s, n) || clr__buf_putc(&t->b, '\0')) {
		t->oom = 1;
		return 0;
	}
	t->ht[h] = (uint64_t)tag << 32 | off;
	t->n++;
	return off;
}

typedef struct wbuf {
	CLR_VEC(uint32_t) w;
	int oom;
} wbuf;

static void put32(wbuf *b, uint64_t v)
{
	if (b->oom || clr__vec_reserve(b->w, 1)) {
		b->oom = 1;
		return;
	}
	b->w.v[b->w.n++] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void encode_entry(wbuf *b, strtab *t, const clr_entry *e)
{
	put32(b, str_ref(t, e->id));
	put32(b, str_ref(t, e->source));
	put32(b, str_ref(t, e->source_name));
	put32(b, (uint32_t)e->type);
	put32(b, e->nnames);
	put32(b, e->naddresses);
	put32(b, e->nprograms);
	put32(b, e->ncitations);
	put32(b, e->ncountries);
	put32(b, str_ref(t, e->start_date));
	put32(b, str_ref(t, e->end_date));
	put32(b, str_ref(t, e->license_requirement));
	put32(b, str_ref(t, e->license_policy));
	put32(b, str_ref(t, e->remarks));
	put32(b, str_ref(t, e->file));
	put32(b, e->line);
	put32(b, e->nevidence);
	for (size_t i = 0; i < e->nnames; i++) {
		put32(b, str_ref(t, e->names[i].name));
		put32(b, (uint32_t)e->names[i].kind);
	}
	for (size_t i = 0; i < e->naddresses; i++) {
		put32(b, str_ref(t, e->addresses[i].address));
		put32(b, str_ref(t, e->addresses[i].country));
	}
	for (size_t i = 0; i < e->nprograms; i++)
		put32(b, str_ref(t, e->programs[i]));
	for (size_t i = 0; i < e->ncitations; i++)
		put32(b, str_ref(t, e->citations[i]));
	for (size_t i = 0; i < e->ncountries; i++)
		put32(b, str_ref(t, e->countries[i]));
	for (size_t i = 0; i < e->nevidence; i++) {
		const clr_evidence *x = &e->evidence[i];
		put32(b, (uint32_t)x->kind | (uint32_t)x->precision << 8 | (uint32_t)x->circa << 16);
		put32(b, str_ref(t, x->value));
		put32(b, str_ref(t, x->norm));
		put32(b, str_ref(t, x->id_type));
		put32(b, str_ref(t, x->country));
		put32(b, (uint32_t)x->from);
		put32(b, (uint32_t)x->to);
	}
}

typedef struct writer {
	FILE *f;
	uint64_t off;
	int err;
} writer;

static void w_bytes(writer *w, const void *p, size_t n)
{
	if (w->err || !n)
		return;
	if (fwrite(p, 1, n, w->f) != n) {
		w->err = errno ? errno : EIO;
		return;
	}
	w->off += n;
}

static void w_sect(writer *w, clx_header *h, int s, const void *p, size_t n)
{
	static const char zero[CLX_ALIGN];
	size_t pad = (CLX_ALIGN - w->off % CLX_ALIGN) % CLX_ALIGN;
	w_bytes(w, zero, pad);
	h->sect[s].off = w->off;
	h->sect[s].size = n;
	w_bytes(w, p, n);
}

int clr_db_write_index(clr_db *db, const char *path)
{
	int rc;
	if (!db || !path)
		return CLR_EUSAGE;
	if ((rc = clr_db_prepare(db)) < 0)
		return rc;
	const clr_index *ix = db->index;
	size_t ne = db->entries.n;
	strtab st = {0};
	wbuf rec = {0};
	uint64_t *eoff = malloc((ne + 1) * sizeof(uint64_t));
	uint32_t *idmap = NULL;
	uint64_t *reports = NULL;
	size_t nrep = 0;
	char *tmp = NULL;
	FILE *f = NULL;
	writer w = {0};
	rc = CLR_ENOMEM;
	if (!eoff || (str_ref(&st, "x"), st.oom))
		goto done;
	st.b.len = 0; /* offset 0 must be "" (NULL), not "x" */
	st.n = 0;
	memset(st.ht, 0, st.cap * sizeof(uint64_t));
	if (clr__buf_putc(&st.b, '\0'))
		goto done;
	for (size_t e = 0; e < ne; e++) {
		eoff[e] = rec.w.n;
		encode_entry(&rec, &st, db->entries.v[e]);
	}
	eoff[ne] = rec.w.n;

	size_t idcap = 16;
	while (idcap < ne * 2)
		idcap *= 2;
	if (!(idmap = calloc(idcap, sizeof(uint32_t))))
		goto done;
	for (size_t e = 0; e < ne; e++) {
		const char *id = db->entries.v[e]->id;
		size_t h = clr__hash(id, strlen(id)) & (idcap - 1);
		for (; idmap[h]; h = (h + 1) & (idcap - 1))
			if (!strcmp(db->entries.v[idmap[h] - 1]->id, id))
				break; /* first entry with an id wins, as clr_db_find */
		if (!idmap[h])
			idmap[h] = (uint32_t)e + 1;
	}

	for (size_t r = 0; r < db->reports.n; r++) {
		const clr_file_report *p = &db->reports.v[r];
		uint64_t head[P_HEAD] = {str_ref(&st, p->path), str_ref(&st, p->format), p->rows,
		                         p->entries, p->names, p->addresses, p->header_repeats,
		                         p->skipped, p->orphans, p->nmessages};
		uint64_t *grown = realloc(reports, (nrep + P_HEAD + p->nmessages) * sizeof(uint64_t));
		if (!grown)
			goto done;
		reports = grown;
		memcpy(reports + nrep, head, sizeof(head));
		nrep += P_HEAD;
		for (size_t m = 0; m < p->nmessages; m++)
			reports[nrep++] = str_ref(&st, p->messages[m]);
	}
	if (st.oom || rec.oom)
		goto done;

	clx_header h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CLX_MAGIC, 8);
	h.format = CLX_FORMAT;
	h.endian = CLX_ENDIAN;
	snprintf(h.version, sizeof(h.version), "%s", CLR_VERSION);
	h.layout = layout_fingerprint();
	h.norm = clr__norm_fingerprint();
	h.nentries = ne;
	h.nnames = ix->nnames;
	h.ntok = ix->ntok;
	h.tok_htcap = ix->tok_htcap;
	h.del_cap = ix->del_cap;
	h.ndel_ids = ix->ndel_ids;
	h.nnbw_words = ix->nnbw_words;
	h.nnbw = ix->nnbw;
	h.alt_cap = ix->alt_cap;
	h.nalt_ids = ix->nalt_ids;
	h.nevkeys = ix->nevkeys;
	h.neq_pairs = ix->neq_pairs;
	h.npool = ix->npool + 1; /* with the final NUL */
	h.nname_toks = 0;
	for (uint32_t i = 0; i < ix->nnames; i++) {
		uint32_t r = ix->name_rec[i];
		uint64_t end = r + clr__name_words(clr__rec_ntok(ix->name_toks + r)) - CLR_REC_HEAD;
		if (end > h.nname_toks)
			h.nname_toks = end;
	}
	h.npostings = 0;
	for (uint32_t i = 0; i < ix->ntok; i++)
		if ((uint64_t)ix->tok[i].post + ix->tok[i].npost > h.npostings)
			h.npostings = (uint64_t)ix->tok[i].post + ix->tok[i].npost;
	h.necc = ix->ecc_off[ne];
	h.nerec = rec.w.n;
	h.nstr = st.b.len;
	h.idcap = idcap;
	h.nreports = db->reports.n;
	h.stop_df = ix->stop_df;
	h.rare_df = ix->rare_df;
	h.w_unknown = ix->w_unknown;

	size_t plen = strlen(path);
	if (!(tmp = malloc(plen + 32)))
		goto done;
	snprintf(tmp, plen + 32, "%s.tmp%ld", path, (long)getpid());
	if (!(f = fopen(tmp, "w+b"))) { /* read back for the checksum */
		rc = clr__db_error(db, CLR_EIO, "%s: cannot create: %s", tmp, strerror(errno));
		goto done;
	}
	w.f = f;
	if (fwrite(&h, sizeof(h), 1, f) != 1)
		w.err = errno ? errno : EIO;
	w.off = sizeof(h);
	w_sect(&w, &h, S_POOL, ix->pool, h.npool);
	w_sect(&w, &h, S_TOK, ix->tok, (size_t)h.ntok * sizeof(clr_tokinfo));
	w_sect(&w, &h, S_TOKHT, ix->tok_ht, (size_t)h.tok_htcap * sizeof(uint32_t));
	w_sect(&w, &h, S_DEL, ix->del, (size_t)h.del_cap * sizeof(clr_delslot));
	w_sect(&w, &h, S_DELIDS, ix->del_ids, h.ndel_ids * sizeof(uint32_t));
	w_sect(&w, &h, S_NAMES, ix->name_rec, (size_t)h.nnames * sizeof(uint32_t));
	w_sect(&w, &h, S_NAMETOKS, ix->name_toks, h.nname_toks * sizeof(uint32_t));
	w_sect(&w, &h, S_POST, ix->postings, h.npostings * sizeof(clr_posting));
	w_sect(&w, &h, S_ECCOFF, ix->ecc_off, (ne + 1) * sizeof(uint32_t));
	w_sect(&w, &h, S_ECC, ix->ecc, h.necc * sizeof(uint16_t));
	w_sect(&w, &h, S_EOFF, eoff, (ne + 1) * sizeof(uint64_t));
	w_sect(&w, &h, S_EREC, rec.w.v, h.nerec * sizeof(uint32_t));
	w_sect(&w, &h, S_STR, st.b.p, h.nstr);
	w_sect(&w, &h, S_IDMAP, idmap, idcap * sizeof(uint32_t));
	w_sect(&w, &h, S_REPORTS, reports, nrep * sizeof(uint64_t));
	w_sect(&w, &h, S_POSTMETA, ix->post_meta, h.npostings * sizeof(clr_postmeta));
	w_sect(&w, &h, S_NBWBITS, ix->nbw_bits, clr__nbw_blocks(h.ntok) * sizeof(uint64_t));
	w_sect(&w, &h, S_NBWRANK, ix->nbw_rank, clr__nbw_blocks(h.ntok) * sizeof(uint32_t));
	w_sect(&w, &h, S_NBWOFF, ix->nbw_off, (h.nnbw_words + 1) * sizeof(uint32_t));
	w_sect(&w, &h, S_NBW, ix->nbw, h.nnbw * sizeof(clr_nbentry));
	w_sect(&w, &h, S_ALT, ix->alt, (size_t)h.alt_cap * sizeof(clr_delslot));
	w_sect(&w, &h, S_ALTIDS, ix->alt_ids, h.nalt_ids * sizeof(uint32_t));
	w_sect(&w, &h, S_EVKEYS, ix->evkeys, h.nevkeys * sizeof(clr_evkey));
	w_sect(&w, &h, S_LINKNEXT, ix->link_next, ne * sizeof(uint32_t));
	w_sect(&w, &h, S_LINKWHY, ix->link_why, ne);
	h.file_size = w.off;
	if (!w.err && fflush(f))
		w.err = errno ? errno : EIO;
	if (!w.err) { /* hash what landed in the file, as the reader will */
		void *map = mmap(NULL, w.off, PROT_READ, MAP_SHARED, fileno(f), 0);
		if (map == MAP_FAILED) {
			w.err = errno ? errno : EIO;
		} else {
			int src = clx_sum((const char *)map + sizeof(h), w.off - sizeof(h), &h.checksum);
			munmap(map, w.off);
			if (src < 0)
				goto done;
		}
	}
	h.header_sum = 0;
	h.header_sum = XXH3_64bits(&h, sizeof(h));
	if (!w.err && (fseek(f, 0, SEEK_SET) || fwrite(&h, sizeof(h), 1, f) != 1))
		w.err = errno ? errno : EIO;
	if (!w.err && (fflush(f) || fsync(fileno(f))))
		w.err = errno ? errno : EIO;
	if (fclose(f) && !w.err)
		w.err = errno ? errno : EIO;
	f = NULL;
	if (w.err || rename(tmp, path)) {
		rc = clr__db_error(db, CLR_EIO, "%s: cannot write: %s", path, strerror(w.err ? w.err : errno));
		unlink(tmp);
		goto done;
	}
	rc = 0;
done:
	if (rc == CLR_ENOMEM)
		clr__db_error(db, rc, "%s: out of memory writing the index", path);
	if (f) {
		fclose(f);
		unlink(tmp);
	}
	free(tmp);
	free(eoff);
	free(idmap);
	free(reports);
	free(st.ht);
	clr__buf_free(&st.b);
	clr__vec_free(rec.w);
	return rc;
}

/* ---- mapping ---- */

/* The party links must be cycles, each entry on one (link_next a
 * permutation: every entry the next of exactly one), or walking a party
 * would not end: a linear check, done at every open. */
static int check_links(clr_db *db, const char *path, const uint32_t *next, const uint8_t *why,
                       size_t ne)
{
	uint64_t *seen = calloc(ne / 64 + 1, sizeof(uint64_t));
	if (!seen)
		return clr__db_error(db, CLR_ENOMEM, "%s: out of memory", path);
	for (size_t e = 0; e < ne; e++) {
		uint32_t x = next[e];
		if (x >= ne || (seen[x / 64] >> (x % 64) & 1) || why[e] >= CLR_LINK_NKINDS) {
			free(seen);
			return clr__db_error(db, CLR_EINPUT, "%s: index: party link of entry %zu is malformed",
			                     path, e);
		}
		seen[x / 64] |= 1ull << (x % 64);
	}
	free(seen);
	return 0;
}

static int check_sect(clr_db *db, const char *path, const clx_header *h, int s, uint64_t count,
                      size_t elem)
{
	const clx_sect *c = &h->sect[s];
	if (c->off % CLX_ALIGN || c->off < sizeof(*h) || c->off > h->file_size ||
	    c->size > h->file_size - c->off)
		return clr__db_error(db, CLR_EINPUT, "%s: section '%s' lies outside the file", path,
		               sect_names[s]);
	if (elem && (count > c->size / elem || count * elem != c->size))
		return clr__db_error(db, CLR_EINPUT, "%s: section '%s' has %llu bytes, expected %llu", path,
		               sect_names[s], (unsigned long long)c->size,
		               (unsigned long long)(count * elem));
	return 0;
}

static int pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static void unadopt(clr_db *db)
{
	clr__clx_close(db->clx);
	db->clx = NULL;
	clr__index_free(db->index);
	db->index = NULL;
	free(db->entries.v);
	db->entries.v = NULL;
	db->entries.n = db->entries.cap = 0;
	db->reports.n = 0;
}

static int adopt(clr_db *db, const char *path, void *map, size_t size, int heap, int skip_checksum);

/* Adopts map (a file mapping, or malloc'd memory when heap) into the empty
 * db; on failure releases map and leaves db empty. */
static int open_mapped(clr_db *db, const char *path, void *map, size_t size, int heap,
                       int skip_checksum)
{
	int rc = adopt(db, path, map, size, heap, skip_checksum);
	if (rc < 0) {
		if (db->clx) {
			unadopt(db);
		} else if (heap) {
			free(map);
		} else {
			munmap(map, size);
		}
	}
	return rc;
}

static int adopt(clr_db *db, const char *path, void *map, size_t size, int heap, int skip_checksum)
{
	const clx_header *h = map;
	clx_header hc;
	int rc;
	if (size < sizeof(*h))
		return clr__db_error(db, CLR_EINPUT, "%s: not a clearance index (too short: %zu bytes)", path,
		               size);
	if (memcmp(h->magic, CLX_MAGIC, 8))
		return clr__db_error(db, CLR_EINPUT, "%s: not a clearance index (bad magic)", path);
	if (h->endian != CLX_ENDIAN)
		return clr__db_error(db, CLR_EINPUT, "%s: index written on a machine of another byte order",
		               path);
	if (h->format != CLX_FORMAT)
		return clr__db_error(db, CLR_EINPUT,
		               "%s: index format %u, this build reads format %u: rebuild it with "
		               "'clearance index build'", path, h->format, CLX_FORMAT);
	memcpy(&hc, h, sizeof(hc));
	hc.header_sum = 0;
	if (XXH3_64bits(&hc, sizeof(hc)) != h->header_sum)
		return clr__db_error(db, CLR_EINPUT, "%s: index header is corrupt (checksum mismatch)", path);
	if (memchr(h->version, 0, sizeof(h->version)) == NULL || strcmp(h->version, CLR_VERSION) ||
	    h->layout != layout_fingerprint())
		return clr__db_error(db, CLR_EINPUT,
		               "%s: index written by clearance %.16s with another layout; this is %s: "
		               "rebuild it with 'clearance index build'", path, h->version, CLR_VERSION);
	if (h->norm != clr__norm_fingerprint())
		return clr__db_error(db, CLR_EINPUT,
		               "%s: index of names read with other name knowledge (normaliser "
		               "%016llx, this build %016llx): rebuild it with 'clearance index build'",
		               path, (unsigned long long)h->norm,
		               (unsigned long long)clr__norm_fingerprint());
	if (h->file_size != size)
		return clr__db_error(db, CLR_EINPUT, "%s: index is truncated or extended: %zu bytes, header "
		               "says %llu", path, size, (unsigned long long)h->file_size);
	uint64_t ne = h->nentries;
	if (ne > CLR_MAX_ENTRIES || h->nnames > UINT32_MAX || h->ntok >= UINT32_MAX ||
	    h->tok_htcap > UINT32_MAX || h->del_cap > UINT32_MAX || !pow2(h->tok_htcap) ||
	    h->ndel_ids >= CLR_DEL_MANY || h->nnbw_words > h->ntok || h->nnbw > UINT32_MAX ||
	    h->alt_cap > UINT32_MAX || h->nalt_ids >= CLR_DEL_MANY || h->neq_pairs > UINT32_MAX ||
	    h->nevkeys > UINT32_MAX || !pow2(h->idcap) || h->idcap <= ne ||
	    h->tok_htcap <= h->ntok || h->npool == 0 || h->nstr == 0)
		return clr__db_error(db, CLR_EINPUT, "%s: index header holds impossible counts", path);
	if ((rc = check_sect(db, path, h, S_POOL, h->npool, 1)) ||
	    (rc = check_sect(db, path, h, S_TOK, h->ntok, sizeof(clr_tokinfo))) ||
	    (rc = check_sect(db, path, h, S_TOKHT, h->tok_htcap, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_DEL, h->del_cap, sizeof(clr_delslot))) ||
	    (rc = check_sect(db, path, h, S_DELIDS, h->ndel_ids, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_NAMES, h->nnames, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_NAMETOKS, h->nname_toks, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_POST, h->npostings, sizeof(clr_posting))) ||
	    (rc = check_sect(db, path, h, S_ECCOFF, ne + 1, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_ECC, h->necc, sizeof(uint16_t))) ||
	    (rc = check_sect(db, path, h, S_EOFF, ne + 1, sizeof(uint64_t))) ||
	    (rc = check_sect(db, path, h, S_EREC, h->nerec, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_STR, h->nstr, 1)) ||
	    (rc = check_sect(db, path, h, S_IDMAP, h->idcap, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_REPORTS, 0, 0)) ||
	    (rc = check_sect(db, path, h, S_POSTMETA, h->npostings, sizeof(clr_postmeta))) ||
	    (rc = check_sect(db, path, h, S_NBWBITS, clr__nbw_blocks(h->ntok), sizeof(uint64_t))) ||
	    (rc = check_sect(db, path, h, S_NBWRANK, clr__nbw_blocks(h->ntok), sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_NBWOFF, h->nnbw_words + 1, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_NBW, h->nnbw, sizeof(clr_nbentry))) ||
	    (rc = check_sect(db, path, h, S_ALT, h->alt_cap, sizeof(clr_delslot))) ||
	    (rc = check_sect(db, path, h, S_ALTIDS, h->nalt_ids, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_EVKEYS, h->nevkeys, sizeof(clr_evkey))) ||
	    (rc = check_sect(db, path, h, S_LINKNEXT, ne, sizeof(uint32_t))) ||
	    (rc = check_sect(db, path, h, S_LINKWHY, ne, 1)))
		return rc;
	const char *base = map;
	if (base[h->sect[S_POOL].off + h->npool - 1] || base[h->sect[S_STR].off + h->nstr - 1] ||
	    base[h->sect[S_STR].off])
		return clr__db_error(db, CLR_EINPUT, "%s: index string sections are not terminated", path);
	uint64_t sum;
	if (!skip_checksum && clx_sum(base + sizeof(*h), size - sizeof(*h), &sum) < 0)
		return clr__db_error(db, CLR_ENOMEM, "%s: out of memory", path);
	if (!skip_checksum && sum != h->checksum)
		return clr__db_error(db, CLR_EINPUT,
		               "%s: index is corrupt (checksum mismatch): rebuild it with 'clearance "
		               "index build'", path);

	struct clr_clx *m = calloc(1, sizeof(*m));
	clr_index *ix = calloc(1, sizeof(*ix));
	const clr_entry **ev = calloc(ne ? ne : 1, sizeof(*ev));
	if (!m || !ix || !ev || !(m->arena = clr__arena_new())) {
		free(m);
		free(ix);
		free(ev);
		return clr__db_error(db, CLR_ENOMEM, "%s: out of memory", path);
	}
	pthread_mutex_init(&m->lock, NULL);
	m->map = map;
	m->size = size;
	m->heap = heap;
	m->h = h;
#define AT(s, T) ((T)(void *)(uintptr_t)(base + h->sect[s].off))
	m->eoff = AT(S_EOFF, const uint64_t *);
	m->erec = AT(S_EREC, const uint32_t *);
	m->str = AT(S_STR, const char *);
	m->idmap = AT(S_IDMAP, const uint32_t *);
	static _Atomic uint64_t serials = (uint64_t)1 << 62;
	ix->serial = ++serials;
	ix->mapped = 1;
	ix->pool = AT(S_POOL, char *);
	ix->npool = h->npool - 1;
	ix->tok = AT(S_TOK, clr_tokinfo *);
	ix->ntok = (uint32_t)h->ntok;
	ix->tok_ht = AT(S_TOKHT, uint32_t *);
	ix->tok_htcap = (uint32_t)h->tok_htcap;
	ix->del = AT(S_DEL, clr_delslot *);
	ix->del_cap = (uint32_t)h->del_cap;
	ix->del_ids = AT(S_DELIDS, uint32_t *);
	ix->ndel_ids = (uint32_t)h->ndel_ids;
	ix->name_rec = AT(S_NAMES, uint32_t *);
	ix->nnames = (uint32_t)h->nnames;
	ix->name_toks = AT(S_NAMETOKS, uint32_t *);
	ix->postings = AT(S_POST, clr_posting *);
	ix->post_meta = AT(S_POSTMETA, clr_postmeta *);
	ix->nbw_bits = AT(S_NBWBITS, uint64_t *);
	ix->nbw_rank = AT(S_NBWRANK, uint32_t *);
	ix->nbw_off = AT(S_NBWOFF, uint32_t *);
	ix->nbw = AT(S_NBW, clr_nbentry *);
	ix->nnbw_words = (uint32_t)h->nnbw_words;
	ix->nnbw = (uint32_t)h->nnbw;
	ix->alt = AT(S_ALT, clr_delslot *);
	ix->alt_cap = (uint32_t)h->alt_cap;
	ix->alt_ids = AT(S_ALTIDS, uint32_t *);
	ix->nalt_ids = (uint32_t)h->nalt_ids;
	ix->neq_pairs = (uint32_t)h->neq_pairs;
	ix->evkeys = AT(S_EVKEYS, clr_evkey *);
	ix->nevkeys = (uint32_t)h->nevkeys;
	ix->link_next = AT(S_LINKNEXT, uint32_t *);
	ix->link_why = AT(S_LINKWHY, uint8_t *);
	ix->ecc_off = AT(S_ECCOFF, uint32_t *);
	ix->ecc = AT(S_ECC, uint16_t *);
#undef AT
	ix->w_unknown = h->w_unknown;
	ix->stop_df = h->stop_df;
	ix->rare_df = h->rare_df;
	ix->nentries = ne;
	if ((rc = check_links(db, path, ix->link_next, ix->link_why, ne)) < 0)
		return rc;
	db->clx = m;
	db->sum = h->checksum;
	db->index = ix;
	db->entries.v = ev;
	db->entries.n = db->entries.cap = ne;
	/* reports: a few per file, decoded now */
	const uint64_t *p = (const uint64_t *)(const void *)(base + h->sect[S_REPORTS].off);
	size_t np = h->sect[S_REPORTS].size / sizeof(uint64_t), k = 0;
	for (uint64_t r = 0; r < h->nreports; r++) {
		if (np - k < P_HEAD || p[k + P_NMSG] > np - k - P_HEAD || p[k + P_PATH] >= h->nstr ||
		    p[k + P_FORMAT] >= h->nstr)
			return clr__db_error(db, CLR_EINPUT, "%s: report %llu is malformed", path,
			               (unsigned long long)r);
		clr_file_report fr = {0};
		fr.path = m->str + p[k + P_PATH];
		fr.format = m->str + p[k + P_FORMAT];
		fr.rows = p[k + P_ROWS];
		fr.entries = p[k + P_ENTRIES];
		fr.names = p[k + P_NAMES];
		fr.addresses = p[k + P_ADDRS];
		fr.header_repeats = p[k + P_REPEATS];
		fr.skipped = p[k + P_SKIPPED];
		fr.orphans = p[k + P_ORPHANS];
		fr.nmessages = p[k + P_NMSG];
		k += P_HEAD;
		const char **msgs = fr.nmessages ? clr__arena_alloc(m->arena, fr.nmessages * sizeof(char *)) : NULL;
		if (fr.nmessages && !msgs)
			return clr__db_error(db, CLR_ENOMEM, "%s: out of memory", path);
		for (size_t i = 0; i < fr.nmessages; i++) {
			if (p[k] >= h->nstr)
				return clr__db_error(db, CLR_EINPUT, "%s: report %llu is malformed", path,
				               (unsigned long long)r);
			msgs[i] = m->str + p[k++];
		}
		fr.messages = msgs;
		if (clr__vec_push(db->reports, fr))
			return clr__db_error(db, CLR_ENOMEM, "%s: out of memory", path);
	}
	return 0;
}

int clr_db_open_index(clr_db *db, const char *path)
{
	if (!db || !path)
		return CLR_EUSAGE;
	if (db->entries.n || db->clx)
		return clr__db_error(db, CLR_EUSAGE, "%s: an index opens into an empty database only", path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return clr__db_error(db, CLR_EIO, "%s: cannot open: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return clr__db_error(db, CLR_EIO, "%s: not a regular file", path);
	}
	size_t size = (size_t)sb.st_size;
	if (size < sizeof(clx_header)) {
		close(fd);
		return clr__db_error(db, CLR_EINPUT, "%s: not a clearance index (too short: %zu bytes)", path,
		               size);
	}
	void *map = mmap(NULL, size, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return clr__db_error(db, CLR_EIO, "%s: cannot map: %s", path, strerror(errno));
	return open_mapped(db, path, map, size, 0, 0);
}

int clr__clx_open_mem(clr_db *db, const void *p, size_t n, int skip_checksum)
{
	/* the sections want their alignment: copy into aligned memory */
	void *copy = NULL;
	if (posix_memalign(&copy, CLX_ALIGN, n ? n : 1))
		return CLR_ENOMEM;
	if (n)
		memcpy(copy, p, n);
	if (db->entries.n || db->clx) {
		free(copy);
		return clr__db_error(db, CLR_EUSAGE, "an index opens into an empty database only");
	}
	return open_mapped(db, "<memory>", copy, n, 1, skip_checksum);
}

void clr__clx_close(struct clr_clx *m)
{
	if (!m)
		return;
	if (m->heap)
		free(m->map);
	else
		munmap(m->map, m->size);
	pthread_mutex_destroy(&m->lock);
	clr__arena_free(m->arena);
	free(m);
}

/* ---- entries ---- */

static const char *sref(const struct clr_clx *m, uint32_t r)
{
	return r ? m->str + r : NULL;
}

/* Decodes entry i into the arena; NULL when malformed or out of memory. */
static clr_entry *decode(const struct clr_clx *m, clr_arena *arena, size_t i, const char **why)
{
	const clx_header *h = m->h;
	uint64_t a = m->eoff[i], b = m->eoff[i + 1];
	*why = "malformed record";
	if (a > b || b > h->nerec || b - a < R_HEAD)
		return NULL;
	const uint32_t *r = m->erec + a;
	uint64_t len = b - a;
	uint64_t strs_end = R_HEAD + 2ull * r[R_NNAMES] + 2ull * r[R_NADDR] + r[R_NPROG] +
	                    r[R_NCITE] + r[R_NCC];
	uint64_t need = strs_end + (uint64_t)EV_WORDS * r[R_NEV];
	if (need != len || !r[R_NNAMES] || r[R_TYPE] > CLR_TYPE_AIRCRAFT)
		return NULL;
	static const uint8_t head_refs[] = {R_ID, R_SOURCE, R_SOURCE_NAME, R_START, R_END,
	                                    R_LICREQ, R_LICPOL, R_REMARKS, R_FILE};
	for (size_t k = 0; k < sizeof(head_refs); k++)
		if (r[head_refs[k]] >= h->nstr)
			return NULL;
	for (uint64_t k = R_HEAD; k < strs_end; k++) /* every word a string but the name kinds */
		if ((k >= R_HEAD + 2ull * r[R_NNAMES] || (k - R_HEAD) % 2 == 0) && r[k] >= h->nstr)
			return NULL;
	for (uint64_t k = strs_end; k < len; k += EV_WORDS) /* evidence: kind, 4 strings */
		if ((r[k] & 0xff) == CLR_EV_NONE || (r[k] & 0xff) >= CLR_EV_NKINDS ||
		    (r[k] >> 8 & 0xff) > 3 || r[k + 1] >= h->nstr || !r[k + 1] ||
		    r[k + 2] >= h->nstr || r[k + 3] >= h->nstr || r[k + 4] >= h->nstr)
			return NULL;
	if (!r[R_ID] || !r[R_SOURCE])
		return NULL;
	*why = "out of memory";
	clr_entry *e = clr__arena_alloc(arena, sizeof(*e));
	clr_name *names = clr__arena_alloc(arena, r[R_NNAMES] * sizeof(clr_name));
	clr_address *addrs =
		r[R_NADDR] ? clr__arena_alloc(arena, r[R_NADDR] * sizeof(clr_address)) : NULL;
	size_t nstrs = (size_t)r[R_NPROG] + r[R_NCITE] + r[R_NCC];
	const char **strs = nstrs ? clr__arena_alloc(arena, nstrs * sizeof(char *)) : NULL;
	clr_evidence *ev =
		r[R_NEV] ? clr__arena_alloc(arena, r[R_NEV] * sizeof(clr_evidence)) : NULL;
	if (!e || !names || (r[R_NADDR] && !addrs) || (nstrs && !strs) || (r[R_NEV] && !ev))
		return NULL;
	memset(e, 0, sizeof(*e));
	e->id = sref(m, r[R_ID]);
	e->source = sref(m, r[R_SOURCE]);
	e->source_name = sref(m, r[R_SOURCE_NAME]);
	e->type = (clr_type)r[R_TYPE];
	e->start_date = sref(m, r[R_START]);
	e->end_date = sref(m, r[R_END]);
	e->license_requirement = sref(m, r[R_LICREQ]);
	e->license_policy = sref(m, r[R_LICPOL]);
	e->remarks = sref(m, r[R_REMARKS]);
	e->file = sref(m, r[R_FILE]);
	e->line = r[R_LINE];
	const uint32_t *x = r + R_HEAD;
	for (uint32_t k = 0; k < r[R_NNAMES]; k++, x += 2) {
		names[k].name = sref(m, x[0]);
		names[k].kind = (clr_name_kind)(x[1] <= CLR_NAME_USER_ALIAS ? x[1] : 0);
		if (!names[k].name)
			names[k].name = "";
	}
	for (uint32_t k = 0; k < r[R_NADDR]; k++, x += 2) {
		addrs[k].address = sref(m, x[0]);
		addrs[k].country = sref(m, x[1]);
	}
	for (size_t k = 0; k < nstrs; k++)
		strs[k] = x[k] ? m->str + x[k] : "";
	e->nnames = r[R_NNAMES];
	e->names = names;
	e->naddresses = r[R_NADDR];
	e->addresses = addrs;
	e->nprograms = r[R_NPROG];
	e->programs = strs;
	e->ncitations = r[R_NCITE];
	e->citations = strs ? strs + r[R_NPROG] : NULL;
	e->ncountries = r[R_NCC];
	e->countries = strs ? strs + r[R_NPROG] + r[R_NCITE] : NULL;
	const uint32_t *y = r + strs_end;
	for (uint32_t k = 0; k < r[R_NEV]; k++, y += EV_WORDS) {
		ev[k].kind = (clr_evidence_kind)(y[0] & 0xff);
		ev[k].precision = (uint8_t)(y[0] >> 8 & 0xff);
		ev[k].circa = (uint8_t)(y[0] >> 16 & 1);
		ev[k].value = sref(m, y[1]);
		ev[k].norm = sref(m, y[2]);
		ev[k].id_type = sref(m, y[3]);
		ev[k].country = sref(m, y[4]);
		ev[k].from = (int32_t)y[5];
		ev[k].to = (int32_t)y[6];
	}
	e->nevidence = r[R_NEV];
	e->evidence = ev;
	return e;
}

const clr_entry *clr__clx_entry(clr_db *db, size_t i)
{
	struct clr_clx *m = db->clx;
	const clr_entry *e = __atomic_load_n(&db->entries.v[i], __ATOMIC_ACQUIRE);
	if (e)
		return e;
	pthread_mutex_lock(&m->lock);
	e = db->entries.v[i];
	if (!e) {
		const char *why;
		e = decode(m, m->arena, i, &why);
		if (e)
			__atomic_store_n(&db->entries.v[i], e, __ATOMIC_RELEASE);
		else
			clr__db_error(db, CLR_EINPUT, "index: entry %zu: %s", i, why);
	}
	pthread_mutex_unlock(&m->lock);
	return e;
}

/* The id of entry i straight from its record (no decoding). */
static const char *record_id(const struct clr_clx *m, size_t i)
{
	uint64_t a = m->eoff[i], b = m->eoff[i + 1];
	if (a > b || b > m->h->nerec || b - a < R_HEAD || m->erec[a + R_ID] >= m->h->nstr)
		return NULL;
	return m->str + m->erec[a + R_ID];
}

/* The first entry with this id through the id table, or -1. */
static int64_t find_id(const struct clr_clx *m, const char *id)
{
	uint64_t cap = m->h->idcap;
	size_t h = clr__hash(id, strlen(id)) & (cap - 1);
	for (uint64_t probes = 0; m->idmap[h] && probes < cap; probes++, h = (h + 1) & (cap - 1)) {
		uint32_t e = m->idmap[h] - 1;
		const char *z = e < m->h->nentries ? record_id(m, e) : NULL;
		if (z && !strcmp(z, id))
			return e;
	}
	return -1;
}

int64_t clr__clx_find_index(clr_db *db, const char *id)
{
	return find_id(db->clx, id);
}

const clr_entry *clr__clx_find(clr_db *db, const char *id)
{
	int64_t e = find_id(db->clx, id);
	return e < 0 ? NULL : clr__clx_entry(db, (size_t)e);
}

/* ---- full validation ---- */

#define BAD(...) return clr__db_error(db, CLR_EINPUT, __VA_ARGS__)

int clr__clx_validate(clr_db *db)
{
	const struct clr_clx *m = db->clx;
	const clr_index *ix = db->index;
	if (!m)
		return 0;
	const clx_header *h = m->h;
	clr_arena *scratch = NULL;
	for (uint32_t i = 0; i < ix->ntok; i++) {
		const clr_tokinfo *t = &ix->tok[i];
		if ((uint64_t)t->off + t->len >= h->npool || ix->pool[t->off + t->len] ||
		    t->len > CLR_MAX_TOKEN_BYTES * CLR_MAX_JOIN + CLR_MAX_JOIN ||
		    (uint64_t)t->post + t->npost > h->npostings)
			BAD("index: token %u is malformed", i);
	}
	int empty = 0;
	for (uint32_t i = 0; i < ix->tok_htcap; i++) {
		if (ix->tok_ht[i] > ix->ntok)
			BAD("index: token hash slot %u is malformed", i);
		empty |= !ix->tok_ht[i];
	}
	if (!empty)
		BAD("index: token hash is full");
	empty = !ix->del_cap;
	for (uint32_t i = 0; i < ix->del_cap; i++) {
		const clr_delslot *d = &ix->del[i];
		empty |= !d->key;
		if (!d->key)
			continue;
		if (!(d->key & 1))
			BAD("index: deletion slot %u is malformed", i);
		if (!(d->val & CLR_DEL_MANY)) {
			if (d->val >= ix->ntok)
				BAD("index: deletion slot %u is malformed", i);
			continue;
		}
		uint64_t off = d->val & ~CLR_DEL_MANY;
		if (off >= h->ndel_ids || ix->del_ids[off] < 2 ||
		    off + 1 + ix->del_ids[off] > h->ndel_ids)
			BAD("index: deletion slot %u is malformed", i);
		for (uint64_t k = off + 1; k <= off + ix->del_ids[off]; k++)
			if (ix->del_ids[k] >= ix->ntok)
				BAD("index: deletion id %llu is malformed", (unsigned long long)k);
	}
	if (!empty)
		BAD("index: deletion table is full");
	/* alternates hold token ids (a mined pair's key holds 0) */
	uint64_t maxval = ix->ntok ? ix->ntok : 1;
	empty = !ix->alt_cap;
	for (uint32_t i = 0; i < ix->alt_cap; i++) {
		const clr_delslot *d = &ix->alt[i];
		empty |= !d->key;
		if (!d->key)
			continue;
		if (!(d->key & 1))
			BAD("index: alternates slot %u is malformed", i);
		if (!(d->val & CLR_DEL_MANY)) {
			if (d->val >= maxval)
				BAD("index: alternates slot %u is malformed", i);
			continue;
		}
		uint64_t off = d->val & ~CLR_DEL_MANY;
		if (off >= h->nalt_ids || ix->alt_ids[off] < 2 ||
		    off + 1 + ix->alt_ids[off] > h->nalt_ids)
			BAD("index: alternates slot %u is malformed", i);
		for (uint64_t k = off + 1; k <= off + ix->alt_ids[off]; k++)
			if (ix->alt_ids[k] >= maxval)
				BAD("index: alternate id %llu is malformed", (unsigned long long)k);
	}
	if (!empty)
		BAD("index: alternates table is full");
	uint32_t words = 0;
	for (uint64_t b = 0; b < clr__nbw_blocks(ix->ntok); b++) {
		uint64_t bits = ix->nbw_bits[b];
		if (b == ix->ntok / 64 && ix->ntok % 64)
			if (bits >> (ix->ntok % 64))
				BAD("index: word neighbourhood block %llu is malformed", (unsigned long long)b);
		if (ix->nbw_rank[b] != words)
			BAD("index: word neighbourhood block %llu is malformed", (unsigned long long)b);
		words += (uint32_t)__builtin_popcountll(bits);
	}
	if (words != ix->nnbw_words || ix->nbw_off[0] != 0 || ix->nbw_off[words] != ix->nnbw)
		BAD("index: word neighbourhoods are malformed");
	for (uint32_t r = 0; r < words; r++)
		if (ix->nbw_off[r] > ix->nbw_off[r + 1])
			BAD("index: word neighbourhood %u is malformed", r);
	for (uint32_t k = 0; k < ix->nnbw; k++)
		if ((ix->nbw[k].id & ~CLR_NB_WEAK) >= ix->ntok ||
		    !(ix->nbw[k].sim > 0 && ix->nbw[k].sim <= 1))
			BAD("index: word neighbour %u is malformed", k);
	for (uint32_t i = 0; i < ix->nnames; i++) {
		uint64_t r = ix->name_rec[i];
		if (r < CLR_REC_HEAD || r > h->nname_toks)
			BAD("index: name %u is malformed", i);
		const uint32_t *rec = ix->name_toks + r;
		size_t ntok = clr__rec_ntok(rec);
		if (!ntok || ntok > CLR_MAX_TOKENS ||
		    r + (uint64_t)clr__name_words(ntok) - CLR_REC_HEAD > h->nname_toks)
			BAD("index: name %u is malformed", i);
		if (clr__rec_entry(rec) >= h->nentries || clr__rec_type(rec) > CLR_TYPE_AIRCRAFT)
			BAD("index: name record %u is malformed", i);
		for (size_t j = 0; j < clr__slots(ntok); j++)
			if (rec[j] != CLR_NO_TOKEN && rec[j] >= ix->ntok)
				BAD("index: name record %u is malformed", i);
		const uint8_t *len = clr__name_len((uint32_t *)rec, ntok);
		for (size_t j = 0; j < ntok; j++) /* the scorer reads strings by these lengths */
			if (rec[j] == CLR_NO_TOKEN || len[j] != ix->tok[rec[j]].len)
				BAD("index: name record %u is malformed", i);
	}
	for (uint32_t i = 0; i < ix->nevkeys; i++) {
		const clr_evkey *k = &ix->evkeys[i];
		if (k->entry >= h->nentries || k->name >= h->nnames || !(k->key & 1) ||
		    clr__rec_entry(ix->name_toks + ix->name_rec[k->name]) != k->entry ||
		    (i && k->key < ix->evkeys[i - 1].key))
			BAD("index: identifier key %u is malformed", i);
	}
	for (uint64_t i = 0; i < h->npostings; i++) {
		const clr_posting *p = &ix->postings[i];
		if (p->name >= ix->nnames || p->rec != ix->name_rec[p->name])
			BAD("index: posting %llu is malformed", (unsigned long long)i);
		const clr_postmeta *pm = &ix->post_meta[i];
		for (size_t k = 0; k < CLR_PM_WORDS && pm->wfirst[k]; k++) /* clr__pm_word */
			if ((pm->wfirst[k] & 31) < 1 || (pm->wfirst[k] & 31) > 27)
				BAD("index: posting %llu's side data is malformed", (unsigned long long)i);
	}
	for (uint64_t e = 0; e < h->nentries; e++) {
		if (ix->ecc_off[e] > ix->ecc_off[e + 1] || m->eoff[e] > m->eoff[e + 1]) {
			clr__arena_free(scratch);
			BAD("index: entry %llu is malformed", (unsigned long long)e);
		}
		const char *why;
		if (e % 65536 == 0) { /* decode into scratch: validating keeps nothing */
			clr__arena_free(scratch);
			if (!(scratch = clr__arena_new()))
				return clr__db_error(db, CLR_ENOMEM, "index: out of memory");
		}
		if (!decode(m, scratch, e, &why)) {
			clr__arena_free(scratch);
			BAD("index: entry %llu: %s", (unsigned long long)e, why);
		}
	}
	clr__arena_free(scratch);
	if (ix->ecc_off[0] || ix->ecc_off[h->nentries] != h->necc || m->eoff[0] ||
	    m->eoff[h->nentries] != h->nerec)
		BAD("index: entry tables are malformed");
	empty = 0;
	for (uint64_t i = 0; i < h->idcap; i++) {
		if (m->idmap[i] > h->nentries)
			BAD("index: id table slot %llu is malformed", (unsigned long long)i);
		empty |= !m->idmap[i];
	}
	if (!empty)
		BAD("index: id table is full");
	for (uint64_t e = 0; e < h->nentries; e++)
		if (find_id(m, record_id(m, e)) < 0)
			BAD("index: entry %llu is missing from the id table", (unsigned long long)e);
	return 0;
}

int clr_db_verify_index(clr_db *db)
{
	return db && db->clx ? clr__clx_validate(db) : 0;
}
