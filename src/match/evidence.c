/*
 * evidence.c - what evidence beyond the name does to a screening score
 * (docs/evidence.md).  An identifier or IMO number the query and the entry
 * share alerts whatever the name says; a date of birth years off clears a
 * name match (or, by policy, lowers it); one that agrees raises it a little;
 * a nationality is weaker evidence, never enough alone.  Absent evidence on
 * either side changes nothing.  Every effect is an explanation item.
 */
#include <ctype.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "evidence.h"
#include "../lists/db.h"
#include "../lists/loader.h"

/* ---- policy ---- */

/* The built-in policy: data/rules/evidence-policy.conf says the same. */
static const clr_ev_policy builtin = {
	.version = "builtin-1",
	.dob_tolerance_years = 2,
	.dob_circa_years = 3,
	.dob_clears = 1,
	.dob_lower_factor = 0.8,
	.dob_agree_bonus = 0.02,
	.dob_exact_bonus = 0.08,
	.nationality_agree_bonus = 0.02,
	.nationality_factor = 0.95,
	.place_agree_bonus = 0.01,
	.id_match_score = 0.95,
	.imo_match_score = 0.97,
};

void clr__ev_policy_default(clr_ev_policy *p)
{
	*p = builtin;
}

double clr__ev_policy_reach(const clr_ev_policy *p)
{
	double d = p->dob_exact_bonus > p->dob_agree_bonus ? p->dob_exact_bonus : p->dob_agree_bonus;
	return d + p->nationality_agree_bonus + p->place_agree_bonus;
}

static int pol_fail(clr_buf *err, const char *file, size_t line, const char *key,
                    const char *msg)
{
	clr__buf_clear(err);
	clr__buf_printf(err, "%s:%zu: field '%s': %s", file, line, key, msg);
	return CLR_EINPUT;
}

int clr__ev_policy_parse(clr_ev_policy *p, const char *buf, size_t len, const char *file,
                         clr_buf *err)
{
	static const struct {
		const char *key;
		size_t off;
		double lo, hi;
	} nums[] = {
		{"dob_tolerance_years", offsetof(clr_ev_policy, dob_tolerance_years), 0, 50},
		{"dob_circa_years", offsetof(clr_ev_policy, dob_circa_years), 0, 50},
		{"dob_lower_factor", offsetof(clr_ev_policy, dob_lower_factor), 0, 1},
		{"dob_agree_bonus", offsetof(clr_ev_policy, dob_agree_bonus), 0, 0.5},
		{"dob_exact_bonus", offsetof(clr_ev_policy, dob_exact_bonus), 0, 0.5},
		{"nationality_agree_bonus", offsetof(clr_ev_policy, nationality_agree_bonus), 0, 0.5},
		{"nationality_factor", offsetof(clr_ev_policy, nationality_factor), 0, 1},
		{"place_agree_bonus", offsetof(clr_ev_policy, place_agree_bonus), 0, 0.5},
		{"id_match_score", offsetof(clr_ev_policy, id_match_score), 0, 1},
		{"imo_match_score", offsetof(clr_ev_policy, imo_match_score), 0, 1},
	};
	clr__ev_policy_default(p);
	p->version[0] = '\0';
	size_t line = 0;
	for (size_t at = 0; at < len;) {
		const char *s = buf + at;
		const char *nl = memchr(s, '\n', len - at);
		size_t n = nl ? (size_t)(nl - s) : len - at;
		at += n + (nl != NULL);
		line++;
		const char *hash = memchr(s, '#', n);
		if (hash)
			n = (size_t)(hash - s);
		clr__trim(&s, &n);
		if (!n)
			continue;
		const char *eq = memchr(s, '=', n);
		if (!eq)
			return pol_fail(err, file, line, "", "expected key = value");
		const char *k = s, *v = eq + 1;
		size_t kn = (size_t)(eq - s), vn = n - kn - 1;
		clr__trim(&k, &kn);
		clr__trim(&v, &vn);
		char key[64], val[128];
		if (kn >= sizeof(key) || vn >= sizeof(val) || !vn)
			return pol_fail(err, file, line, kn < sizeof(key) ? "" : "key", "empty or too long");
		memcpy(key, k, kn);
		key[kn] = '\0';
		memcpy(val, v, vn);
		val[vn] = '\0';
		if (!strcmp(key, "version")) {
			if (vn >= sizeof(p->version))
				return pol_fail(err, file, line, key, "longer than 63 bytes");
			memcpy(p->version, val, vn + 1);
			continue;
		}
		if (!strcmp(key, "dob_contradiction")) {
			if (!strcmp(val, "clear"))
				p->dob_clears = 1;
			else if (!strcmp(val, "lower"))
				p->dob_clears = 0;
			else
				return pol_fail(err, file, line, key, "expected clear or lower");
			continue;
		}
		size_t i = 0;
		while (i < sizeof(nums) / sizeof(*nums) && strcmp(nums[i].key, key))
			i++;
		if (i == sizeof(nums) / sizeof(*nums))
			return pol_fail(err, file, line, key, "no such key");
		char *end;
		double d = strtod(val, &end);
		if (*end || !isfinite(d) || d < nums[i].lo || d > nums[i].hi) {
			char m[96];
			snprintf(m, sizeof(m), "expected a number from %g to %g", nums[i].lo, nums[i].hi);
			return pol_fail(err, file, line, key, m);
		}
		*(double *)((char *)p + nums[i].off) = d;
	}
	if (!p->version[0])
		return pol_fail(err, file, line, "version", "the policy names its version");
	return 0;
}

/* ---- identifiers ---- */

enum {
	K_NONE, K_PASSPORT, K_NATIONAL, K_TAX, K_REGISTRATION, K_SWIFT, K_ISIN, K_CURRENCY,
	K_DRIVER, K_OTHER
};

int clr__ev_class(const char *type)
{
	static const struct {
		const char *word;
		int k;
	} w[] = {
		{"passport", K_PASSPORT}, {"national id", K_NATIONAL}, {"national_id", K_NATIONAL},
		{"identification number", K_NATIONAL}, {"identity", K_NATIONAL},
		{"cedula", K_NATIONAL}, {"c.u.r.p", K_NATIONAL}, {"curp", K_NATIONAL},
		{"personal id", K_NATIONAL}, {"id card", K_NATIONAL}, {"nic", K_NATIONAL},
		{"tax", K_TAX}, {"nit", K_TAX}, {"r.f.c", K_TAX}, {"rfc", K_TAX}, {"ruc", K_TAX},
		{"v.a.t", K_TAX}, {"vat", K_TAX}, {"inn", K_TAX}, {"tin", K_TAX},
		{"registration", K_REGISTRATION}, {"company number", K_REGISTRATION},
		{"registry", K_REGISTRATION}, {"register", K_REGISTRATION}, {"uscc", K_REGISTRATION},
		{"unified social credit", K_REGISTRATION}, {"ogrn", K_REGISTRATION},
		{"gazette", K_REGISTRATION}, {"folio mercantil", K_REGISTRATION},
		{"swift", K_SWIFT}, {"bic", K_SWIFT}, {"isin", K_ISIN},
		{"digital currency", K_CURRENCY}, {"driver", K_DRIVER},
	};
	if (!type || !*type)
		return K_NONE;
	char t[96];
	size_t k = 0;
	for (const char *p = type; *p && k + 1 < sizeof(t); p++)
		t[k++] = (char)tolower((unsigned char)*p);
	t[k] = '\0';
	for (size_t i = 0; i < sizeof(w) / sizeof(*w); i++) {
		const char *at = strstr(t, w[i].word);
		size_t l = strlen(w[i].word);
		/* whole words: "tin" is not in "routing" */
		if (at && (at == t || !isalpha((unsigned char)at[-1])) && !isalpha((unsigned char)at[l]))
			return w[i].k;
	}
	return K_OTHER;
}

uint64_t clr__ev_key(int kind, int klass, const char *norm)
{
	(void)klass; /* the class is checked on the entry: a query may not say it */
	uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
	for (const char *p = norm; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h | 1;
}

/* ---- the query ---- */

int clr__qev_read(const clr_screen_opts *o, clr_qev *q, char *msg, size_t cap)
{
	q->has_dob = 0;
	q->nat[0] = '\0';
	q->nids = 0;
	q->city = q->address = NULL;
	if (!o->dob && !o->nationality && !o->nids && !o->imo && !o->city && !o->address)
		return 0; /* the name alone: the common case costs nothing */
	memset(q, 0, sizeof(*q));
	if (o->dob && *o->dob) {
		if (clr__ev_date(o->dob, strlen(o->dob), &q->dob_from, &q->dob_to, &q->dob_prec,
		                 &q->dob_circa) < 0) {
			snprintf(msg, cap, "dob: '%.64s' is not a date (1962-01-31, 31 Jan 1962, 1962, "
			         "circa 1962, 1960 to 1965)", o->dob);
			return CLR_EUSAGE;
		}
		q->has_dob = 1;
		q->dob_given = o->dob;
	}
	if (o->nationality && *o->nationality) {
		const char *cc = clr__country_code(o->nationality, strlen(o->nationality));
		if (!cc) {
			snprintf(msg, cap, "nationality: '%.64s' is no country code or name",
			         o->nationality);
			return CLR_EUSAGE;
		}
		memcpy(q->nat, cc, 3);
		q->nat_given = o->nationality;
	}
	q->city = o->city && *o->city ? o->city : NULL;
	q->address = o->address && *o->address ? o->address : NULL;
	if (o->nids > CLR_MAX_QUERY_IDS) {
		snprintf(msg, cap, "ids: at most %u identifiers", CLR_MAX_QUERY_IDS);
		return CLR_EUSAGE;
	}
	for (size_t i = 0; i <= o->nids; i++) {
		const char *num = i < o->nids ? o->ids[i].number : o->imo;
		const char *type = i < o->nids ? o->ids[i].type : "imo";
		const char *cc = i < o->nids ? o->ids[i].country : NULL;
		if (!num || !*num)
			continue;
		clr_qid *x = &q->ids[q->nids];
		int kind = type && *type ? clr__ev_id_kind(type, strlen(type)) : CLR_EV_ID;
		if (kind == CLR_EV_NONE)
			kind = CLR_EV_ID;
		if (type && (!strcasecmp(type, "imo")))
			kind = CLR_EV_IMO;
		if (type && (!strcasecmp(type, "mmsi")))
			kind = CLR_EV_MMSI;
		x->kind = kind;
		x->klass = kind == CLR_EV_ID ? clr__ev_class(type) : 0;
		x->as_given = num;
		if (kind == CLR_EV_IMO || kind == CLR_EV_MMSI) {
			size_t want = kind == CLR_EV_IMO ? 7 : 9, k = 0;
			for (const char *p = num; *p; p++)
				if (isdigit((unsigned char)*p) && k < sizeof(x->norm) - 1)
					x->norm[k++] = *p;
			x->norm[k] = '\0';
			if (k != want) {
				snprintf(msg, cap, "%s: '%.64s' is not %zu digits", kind == CLR_EV_IMO ? "imo"
				                                                                      : "mmsi",
				         num, want);
				return CLR_EUSAGE;
			}
		} else if (clr__ev_id_norm(num, strlen(num), x->norm, sizeof(x->norm)) < 3) {
			snprintf(msg, cap, "ids[%zu].number: '%.64s' has fewer than 3 letters and digits", i, num);
			return CLR_EUSAGE;
		}
		if (cc && *cc) {
			const char *c = clr__country_code(cc, strlen(cc));
			if (!c) {
				snprintf(msg, cap, "ids[%zu].country: '%.64s' is no country code or name", i,
				         cc);
				return CLR_EUSAGE;
			}
			memcpy(x->country, c, 3);
		}
		q->nids++;
	}
	return 0;
}

/* ---- effects ---- */

static void item(clr_ev_outcome *o, clr_evidence_kind kind, const char *query,
                 const char *listed, const char *effect, double delta)
{
	if (o->n >= sizeof(o->items) / sizeof(*o->items))
		return;
	clr_evidence_match *m = &o->items[o->n++];
	m->kind = kind;
	m->query = query;
	m->listed = listed;
	m->effect = effect;
	m->delta = delta;
}

/* Days between ymd dates (approximately: 365.25 a year, 30.44 a month). */
static double days(int32_t d)
{
	return (d / 10000) * 365.25 + (d / 100 % 100 - 1) * 30.44 + (d % 100);
}

static int id_kind(clr_evidence_kind k)
{
	return k == CLR_EV_ID || k == CLR_EV_IMO || k == CLR_EV_MMSI || k == CLR_EV_CALL_SIGN ||
	       k == CLR_EV_AIRCRAFT_SERIAL;
}

/* Whether phrase (n bytes, at least 3 letters) occurs in text as whole
 * words, ASCII case folded. */
static int has_phrase(const char *text, const char *phrase, size_t n)
{
	size_t letters = 0;
	for (size_t i = 0; i < n; i++)
		letters += isalpha((unsigned char)phrase[i]) || (unsigned char)phrase[i] >= 0x80;
	if (letters < 3)
		return 0;
	for (const char *t = text; *t; t++) {
		if (t != text && isalnum((unsigned char)t[-1]))
			continue;
		if (strncasecmp(t, phrase, n) == 0 && !isalnum((unsigned char)t[n]))
			return 1;
	}
	return 0;
}

/* The listed address or place of birth the query's place agrees with, or NULL. */
static const char *place_agrees(const clr_qev *q, const clr_entry *e)
{
	const char *src = q->city ? q->city : q->address;
	for (const char *s = src; *s;) {
		size_t n = strcspn(s, ",;\n");
		const char *a = s;
		size_t an = n;
		s += n + (s[n] != '\0');
		clr__trim(&a, &an);
		int digits = 0;
		for (size_t i = 0; i < an; i++)
			digits |= isdigit((unsigned char)a[i]);
		if (!an || (digits && !q->city) || clr__country_code(a, an))
			continue; /* a street line or a country, not a place */
		for (size_t k = 0; k < e->naddresses; k++)
			if (e->addresses[k].address && has_phrase(e->addresses[k].address, a, an))
				return e->addresses[k].address;
		for (size_t k = 0; k < e->nevidence; k++)
			if (e->evidence[k].kind == CLR_EV_POB && e->evidence[k].value &&
			    has_phrase(e->evidence[k].value, a, an))
				return e->evidence[k].value;
		if (q->city)
			break; /* a city is one place */
	}
	return NULL;
}

void clr__ev_apply(const clr_ev_policy *p, const clr_qev *q, const clr_entry *e, double score,
                   double threshold, clr_ev_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->score = score;
	/* identifiers: the same number of a compatible kind and country */
	for (size_t i = 0; i < q->nids; i++) {
		const clr_qid *x = &q->ids[i];
		for (size_t k = 0; k < e->nevidence; k++) {
			const clr_evidence *v = &e->evidence[k];
			if (!id_kind(v->kind) || !v->norm || strcmp(v->norm, x->norm))
				continue;
			int same_kind = x->kind == CLR_EV_ID ? id_kind(v->kind) && v->kind != CLR_EV_IMO &&
			                                           v->kind != CLR_EV_MMSI
			                                     : (int)v->kind == x->kind;
			int lc = v->kind == CLR_EV_ID ? clr__ev_class(v->id_type) : 0;
			if (!same_kind || (x->klass && lc && x->klass != K_OTHER && lc != K_OTHER &&
			                   x->klass != lc))
				continue;
			if (x->country[0] && v->country && strlen(v->country) == 2 &&
			    strcmp(v->country, x->country))
				continue;
			double floor = x->kind == CLR_EV_IMO ? p->imo_match_score : p->id_match_score;
			double before = out->score;
			if (out->score < floor)
				out->score = floor;
			out->id_match = 1;
			item(out, v->kind, x->as_given, v->value, "match", out->score - before);
			break;
		}
	}
	/* dates of birth: the best relation over the entry's dates */
	if (q->has_dob && q->dob_prec) {
		int rel = -1; /* 0 contradicts, 1 near, 2 agrees, 3 the same day */
		const clr_evidence *best = NULL;
		for (size_t k = 0; k < e->nevidence; k++) {
			const clr_evidence *v = &e->evidence[k];
			if (v->kind != CLR_EV_DOB || !v->precision)
				continue;
			int r;
			if (q->dob_from <= v->to && v->from <= q->dob_to)
				r = q->dob_prec == 3 && v->precision == 3 && !v->circa && !q->dob_circa ? 3 : 2;
			else {
				double gap = q->dob_to < v->from ? days(v->from) - days(q->dob_to)
				                                 : days(q->dob_from) - days(v->to);
				double tol = p->dob_tolerance_years +
				             (v->circa || q->dob_circa ? p->dob_circa_years : 0);
				r = gap <= tol * 365.25 ? 1 : 0;
			}
			if (r > rel) {
				rel = r;
				best = v;
			}
		}
		if (rel == 3 || rel == 2) {
			double b = rel == 3 ? p->dob_exact_bonus : p->dob_agree_bonus;
			double before = out->score;
			if (out->score > 0)
				out->score = out->score + b > 1 ? 1 : out->score + b;
			item(out, CLR_EV_DOB, q->dob_given, best->value, "agrees", out->score - before);
		} else if (rel == 1) {
			item(out, CLR_EV_DOB, q->dob_given, best->value, "near", 0);
		} else if (rel == 0) {
			double before = out->score;
			if (out->id_match) {
				item(out, CLR_EV_DOB, q->dob_given, best->value, "contradicts", 0);
			} else if (p->dob_clears) {
				out->cleared = out->score >= threshold;
				item(out, CLR_EV_DOB, q->dob_given, best->value, "cleared", 0);
			} else {
				out->score *= p->dob_lower_factor;
				item(out, CLR_EV_DOB, q->dob_given, best->value, "lowered",
				     out->score - before);
			}
		}
	}
	/* nationality or citizenship: weaker, never enough alone */
	if (q->nat[0]) {
		const clr_evidence *any = NULL, *same = NULL;
		for (size_t k = 0; k < e->nevidence; k++) {
			const clr_evidence *v = &e->evidence[k];
			if ((v->kind != CLR_EV_NATIONALITY && v->kind != CLR_EV_CITIZENSHIP) || !v->norm)
				continue;
			any = v;
			if (!strcmp(v->norm, q->nat))
				same = v;
		}
		double before = out->score;
		if (same) {
			if (out->score > 0)
				out->score = out->score + p->nationality_agree_bonus > 1
				                     ? 1
				                     : out->score + p->nationality_agree_bonus;
			item(out, CLR_EV_NATIONALITY, q->nat_given, same->value, "agrees",
			     out->score - before);
		} else if (any && !out->id_match) {
			out->score *= p->nationality_factor;
			item(out, CLR_EV_NATIONALITY, q->nat_given, any->value, "lowered",
			     out->score - before);
		}
	}
	/* the query's city (or an address's parts without digits) in a listed
	 * address or place of birth: weak, and only ever agrees (people move) */
	if (q->city || q->address) {
		const char *listed = place_agrees(q, e);
		if (listed) {
			double before = out->score;
			if (out->score > 0)
				out->score += p->place_agree_bonus;
			item(out, CLR_EV_ADDRESS, q->city ? q->city : q->address, listed, "agrees",
			     (out->score > 1 ? 1 : out->score) - before);
		}
	}
	if (out->score > 1)
		out->score = 1;
}

/* ---- the policy in force ---- */

int clr_db_load_evidence_policy(clr_db *db, const char *path)
{
	if (!db || !path)
		return CLR_EUSAGE;
	clr__buf_clear(&db->err);
	char *buf = NULL;
	size_t len = 0;
	int rc = clr__read_file(path, &buf, &len, &db->err);
	if (rc < 0)
		return rc;
	clr_ev_policy *p = malloc(sizeof(*p));
	if (!p) {
		free(buf);
		return clr__db_error(db, CLR_ENOMEM, "%s: out of memory", path);
	}
	rc = clr__ev_policy_parse(p, buf, len, path, &db->err);
	free(buf);
	if (rc < 0) {
		free(p);
		return rc;
	}
	free(db->evpol);
	db->evpol = p;
	return 0;
}

const char *clr_db_evidence_policy(const clr_db *db)
{
	return db && db->evpol ? db->evpol->version : "builtin-1";
}

const clr_ev_policy *clr__ev_policy_of(const clr_db *db)
{
	return db->evpol ? db->evpol : &builtin;
}
