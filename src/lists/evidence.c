/*
 * evidence.c - evidence beyond the name, as every list parser stages it:
 * dates of birth read with their precision ("1962", "Mar 1962", "12 Mar
 * 1962", "circa 1966", "1962 to 1964", ISO forms), identifiers normalised
 * for comparison (letters and digits in upper case, leading zeros of an
 * all-digit number dropped), IMO and MMSI numbers out of their labels,
 * nationalities and flags as ISO codes, and an identifier's kind read from
 * the list's own name for it ("Passport", "Vessel Registration
 * Identification", "Gender", "Website" is no identifier).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "loader.h"

const char *clr_evidence_kind_name(clr_evidence_kind k)
{
	static const char *const names[CLR_EV_NKINDS] = {
		"none", "dob", "pob", "nationality", "citizenship", "id", "imo", "mmsi",
		"call_sign", "aircraft_serial", "gender", "flag", "address"};
	return (unsigned)k < CLR_EV_NKINDS ? names[k] : "none";
}

/* ---- dates ---- */

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_at(const char *s, size_t n, size_t *len)
{
	for (int m = 0; m < 12; m++)
		if (n >= 3 && !strncasecmp(s, months[m], 3)) {
			size_t k = 3;
			while (k < n && isalpha((unsigned char)s[k]))
				k++;
			if (k < n && s[k] == '.')
				k++;
			*len = k;
			return m + 1;
		}
	return 0;
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* One date: "1962", "Mar 1962", "12 Mar 1962", "March 12, 1962", "1962-03-12", "1962-03",
 * "12.03.1962", "12/03/1962" (day first, as the lists outside the US write
 * it); the range of days it allows and its precision; 0 when read. */
static int one_date(const char *s, size_t n, int32_t *from, int32_t *to, uint8_t *prec)
{
	int y = 0, m = 0, d = 0;
	size_t i = 0, ml;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	while (i < n && s[i] == ' ')
		i++;
	s += i;
	n -= i;
	if (n >= 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) &&
	    isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2])) {
		/* 1962, 1962-03, 1962-03-12 */
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		if (n == 4)
			goto done;
		if (n >= 7 && (s[4] == '-' || s[4] == '/') && isdigit((unsigned char)s[5]) &&
		    isdigit((unsigned char)s[6])) {
			m = (s[5] - '0') * 10 + (s[6] - '0');
			if (n == 7)
				goto done;
			if (n == 10 && s[7] == s[4] && isdigit((unsigned char)s[8]) &&
			    isdigit((unsigned char)s[9])) {
				d = (s[8] - '0') * 10 + (s[9] - '0');
				goto done;
			}
		}
		return -1;
	}
	/* 12 Mar 1962, Mar 1962, 12.03.1962, 12/03/1962 */
	size_t k = 0;
	while (k < n && isdigit((unsigned char)s[k]) && k < 3)
		d = d * 10 + (s[k++] - '0');
	if (k && k < n && (s[k] == '.' || s[k] == '/' || s[k] == '-') && k + 1 < n &&
	    isdigit((unsigned char)s[k + 1])) {
		char sep = s[k++];
		size_t j = k;
		while (k < n && isdigit((unsigned char)s[k]) && k - j < 2)
			m = m * 10 + (s[k++] - '0');
		if (k < n && s[k] == sep)
			k++;
		else
			return -1;
	} else {
		if (k) {
			while (k < n && (s[k] == ' ' || s[k] == '-'))
				k++;
		}
		if (!(m = month_at(s + k, n - k, &ml)))
			return -1;
		k += ml;
		while (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == ','))
			k++;
		/* "March 12, 1962": the day after the month */
		size_t dk = k;
		int dd = 0;
		while (!d && dk < n && dk - k < 2 && isdigit((unsigned char)s[dk]))
			dd = dd * 10 + (s[dk++] - '0');
		if (dk > k && dk < n && (s[dk] == ',' || s[dk] == ' ')) {
			d = dd;
			k = dk;
			while (k < n && (s[k] == ' ' || s[k] == ','))
				k++;
		}
	}
	size_t j = k;
	while (k < n && isdigit((unsigned char)s[k]) && k - j < 5) /* 5: a year is 4, and no overflow */
		y = y * 10 + (s[k++] - '0');
	if (k - j != 4 || k != n)
		return -1;
done:
	if (y < 1800 || y > 2100 || m < 0 || m > 12 || (!m && d) || d < 0 ||
	    (m && d > days_in(y, m)))
		return -1;
	*prec = d ? 3 : m ? 2 : 1;
	*from = y * 10000 + (m ? m : 1) * 100 + (d ? d : 1);
	*to = y * 10000 + (m ? m : 12) * 100 + (d ? d : days_in(y, m ? m : 12));
	return 0;
}

static int year_at(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int clr__ev_date(const char *s, size_t n, int32_t *from, int32_t *to, uint8_t *prec,
                 uint8_t *circa)
{
	*circa = 0;
	clr__trim(&s, &n);
	static const char *const approx[] = {"circa ", "ca. ", "c. ", "approximately ", "approx. ",
	                                     "about "};
	for (size_t i = 0; i < sizeof(approx) / sizeof(*approx); i++) {
		size_t l = strlen(approx[i]);
		if (n > l && !strncasecmp(s, approx[i], l)) {
			*circa = 1;
			s += l;
			n -= l;
			break;
		}
	}
	/* ranges: "1962 to 1964", "between 1960 and 1965", "1960 - 1965", "1960-1965" */
	const char *a = s, *b = NULL;
	size_t an = n, bn = 0;
	if (n > 8 && !strncasecmp(s, "between ", 8)) {
		a = s + 8;
		an = n - 8;
	}
	if (an == 9 && a[4] == '-' && year_at(a) && year_at(a + 5)) { /* "1960-1965" */
		b = a + 5;
		bn = 4;
		an = 4;
	}
	for (size_t i = 0; !b && i + 2 < an; i++) {
		static const char *const seps[] = {" to ", " and ", " - "};
		for (size_t k = 0; k < 3; k++) {
			size_t l = strlen(seps[k]);
			if (i + l <= an && !strncasecmp(a + i, seps[k], l)) {
				b = a + i + l;
				bn = an - i - l;
				an = i;
				break;
			}
		}
		if (b)
			break;
	}
	int32_t f1, t1, f2, t2;
	uint8_t p1, p2;
	if (one_date(a, an, &f1, &t1, &p1) < 0)
		return -1;
	if (b) {
		if (one_date(b, bn, &f2, &t2, &p2) < 0 || f2 < f1)
			return -1;
		*from = f1;
		*to = t2;
		*prec = 1; /* a range is as good as a year */
		return 0;
	}
	*from = f1;
	*to = t1;
	*prec = p1;
	return 0;
}

/* ---- identifiers ---- */

size_t clr__ev_id_norm(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	int letters = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c)) {
			out[k++] = (char)toupper(c);
			letters |= isalpha(c) != 0;
		} else if (c >= 0x80) {
			out[k++] = (char)c; /* a non-ASCII character stays as it is */
			letters = 1;
		}
	}
	out[k] = '\0';
	if (!letters) { /* all digits: leading zeros are formatting */
		size_t z = 0;
		while (z + 1 < k && out[z] == '0')
			z++;
		memmove(out, out + z, k - z + 1);
		k -= z;
	}
	return k;
}

/* The digits of s ("IMO 8898831" -> "8898831") when they are exactly want
 * of them; 0 when not. */
static size_t digits_of(const char *s, size_t n, char *out, size_t want)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i])) {
			if (k == want)
				return 0;
			out[k++] = s[i];
		}
	out[k] = '\0';
	return k == want ? k : 0;
}

/* Kinds the lists give in their identifier fields that identify nothing
 * (sanctions information, contact data, dates, descriptions). */
static const char *const not_ids[] = {
	"additional sanctions information", "secondary sanctions risk", "website",
	"email address", "executive order", "organization established date", "target type",
	"aircraft model", "aircraft operator", "aircraft manufacture date", "former vessel flag",
	"transactions prohibited", "effective date", "issuer name", "organization type",
	"listing date", "purchase/sales for", "phone number", "telephone", "fax",
	"aircraft mode s transponder code", "registration date", "caatsa", "related to",
	"equity ticker", "d-u-n-s number", "nationality of registration", "vessel year of build",
	"vessel type", "identification type", "unknown", "dob", "pob", "place of birth",
	"date of birth", "citizen", "nationality",
};

int clr__ev_id_kind(const char *type, size_t n)
{
	char t[96];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(t); i++)
		t[k++] = (char)tolower((unsigned char)type[i]);
	t[k] = '\0';
	if (strstr(t, "vessel registration identification") || !strcmp(t, "imo") ||
	    strstr(t, "imo number"))
		return CLR_EV_IMO;
	if (strstr(t, "mmsi"))
		return CLR_EV_MMSI;
	if (!strcmp(t, "gender"))
		return CLR_EV_GENDER;
	if (strstr(t, "call sign"))
		return CLR_EV_CALL_SIGN;
	if (strstr(t, "manufacturer's serial number") || strstr(t, "aircraft serial") ||
	    strstr(t, "aircraft construction number"))
		return CLR_EV_AIRCRAFT_SERIAL;
	for (size_t i = 0; i < sizeof(not_ids) / sizeof(*not_ids); i++)
		if (strstr(t, not_ids[i]))
			return CLR_EV_NONE;
	return CLR_EV_ID;
}

/* ---- staging ---- */

static int keep_str(clr_loader *ld, const char **out, const char *s, size_t n,
                    const char *field)
{
	return clr__draft_str(ld, out, s, n, field);
}

int clr__draft_evidence(clr_loader *ld, clr_evidence_kind kind, const char *s, size_t n,
                        const char *id_type, size_t tn, const char *country, size_t cn,
                        const char *field)
{
	clr_evidence ev = {.kind = kind};
	int rc;
	if (ld->failed_row || !s)
		return 0;
	clr__trim(&s, &n);
	if (!n)
		return 0;
	if ((rc = keep_str(ld, &ev.value, s, n, field)) < 0 || ld->failed_row || !ev.value)
		return rc;
	char norm[256];
	size_t nl = 0;
	switch (kind) {
	case CLR_EV_DOB:
		if (clr__ev_date(s, n, &ev.from, &ev.to, &ev.precision, &ev.circa) < 0)
			ld->report.dob_unread++;
		break;
	case CLR_EV_NATIONALITY:
	case CLR_EV_CITIZENSHIP:
	case CLR_EV_FLAG:
		ev.norm = clr__country_code(s, n);
		if (!ev.norm && (kind != CLR_EV_FLAG || clr__eq_ci(s, n, "none identified") ||
		                 clr__eq_ci(s, n, "unknown")))
			return 0; /* no country: nothing to compare */
		break;
	case CLR_EV_GENDER:
		ev.norm = strncasecmp(s, "f", 1) == 0 ? "female" : strncasecmp(s, "m", 1) == 0 ? "male"
		                                                                              : NULL;
		break;
	case CLR_EV_IMO:
		if (!digits_of(s, n, norm, 7))
			return 0; /* not an IMO number: "IMO" alone, a registry's own number */
		nl = 7;
		break;
	case CLR_EV_MMSI:
		if (!digits_of(s, n, norm, 9))
			return 0;
		nl = 9;
		break;
	case CLR_EV_ID:
	case CLR_EV_CALL_SIGN:
	case CLR_EV_AIRCRAFT_SERIAL:
		nl = clr__ev_id_norm(s, n, norm, sizeof(norm));
		if (nl < (kind == CLR_EV_ID ? 3u : 2u))
			return 0; /* "N/A", "-", one character: nothing to compare */
		break;
	default:
		break;
	}
	if (nl && (rc = keep_str(ld, &ev.norm, norm, nl, field)) < 0)
		return rc;
	if (id_type && (rc = keep_str(ld, &ev.id_type, id_type, tn, field)) < 0)
		return rc;
	if (country && cn) {
		const char *cc = clr__country_code(country, cn);
		if (cc)
			ev.country = cc;
		else if ((rc = keep_str(ld, &ev.country, country, cn, field)) < 0)
			return rc;
	}
	for (size_t i = 0; i < ld->d.ev.n; i++) { /* the same item twice adds nothing */
		const clr_evidence *o = &ld->d.ev.v[i];
		if (o->kind == ev.kind && !strcmp(o->value, ev.value) &&
		    (!o->id_type) == (!ev.id_type) && (!o->id_type || !strcmp(o->id_type, ev.id_type)))
			return 0;
	}
	if (ld->d.ev.n >= CLR_MAX_ITEMS_PER_ENTRY)
		return clr__loader_fail(ld, ld->d.e.line, field, CLR_ELIMIT,
		                        "more than %u values in one entry", CLR_MAX_ITEMS_PER_ENTRY);
	if (clr__vec_push(ld->d.ev, ev))
		return clr__loader_fatal(ld, ld->d.e.line, field, CLR_ENOMEM, "out of memory");
	return 0;
}

/* "CA, BC166787, Passport", "JO, 2014-08-30, 2009-08-31, K475336, Passport",
 * "IMO 8898831, Vessel Registration Identification", "Male, Gender": the
 * kind last, a country code first when there is one, dates dropped, the
 * rest the number. */
int clr__draft_id_text(clr_loader *ld, const char *s, size_t n, const char *field)
{
	const char *part[16];
	size_t len[16], np = 0;
	for (size_t i = 0, start = 0; i <= n && np < 16; i++)
		if (i == n || (s[i] == ',' && i + 1 < n && s[i + 1] == ' ')) {
			const char *p = s + start;
			size_t l = i - start;
			clr__trim(&p, &l);
			part[np] = p;
			len[np++] = l;
			start = i + 1;
		}
	if (np < 2)
		return 0; /* a kind alone ("Male, Gender" has two) */
	const char *type = part[np - 1];
	size_t tn = len[np - 1];
	int kind = clr__ev_id_kind(type, tn);
	if (kind == CLR_EV_NONE)
		return 0;
	size_t first = 0;
	const char *cc = NULL;
	size_t ccn = 0;
	if (np >= 3 && len[0] == 2 && isupper((unsigned char)part[0][0]) &&
	    isupper((unsigned char)part[0][1])) {
		cc = part[0];
		ccn = 2;
		first = 1;
	}
	/* the number: the parts between, dates left out */
	const char *num = NULL;
	size_t nn = 0;
	for (size_t k = first; k + 1 < np; k++) {
		int32_t f, t;
		uint8_t p, c;
		if (np - first > 2 && clr__ev_date(part[k], len[k], &f, &t, &p, &c) == 0 && p == 3)
			continue; /* issue and expiry dates */
		if (!num) {
			num = part[k];
			nn = len[k];
		} else {
			nn = (size_t)(part[k] + len[k] - num); /* "22839 (Jalisco)" and such */
		}
	}
	if (!num)
		return 0;
	return clr__draft_evidence(ld, (clr_evidence_kind)kind, num, nn,
	                           kind == CLR_EV_ID ? type : NULL, kind == CLR_EV_ID ? tn : 0, cc,
	                           ccn, field);
}
