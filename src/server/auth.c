/*
 * auth.c - API keys: roles, the keys file ("role sha256hex" per line), and
 * creating a key.  Only hashes are ever stored or compared; a key itself is
 * printed once by `clearance keys create` and never logged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static const char *const role_names[] = {"none", "screen", "analyst", "admin"};

const char *srv_role_name(srv_role r)
{
	return r <= SRV_ROLE_ADMIN ? role_names[r] : "none";
}

srv_role srv_role_parse(const char *z)
{
	for (int r = SRV_ROLE_SCREEN; r <= SRV_ROLE_ADMIN; r++)
		if (!strcmp(z, role_names[r]))
			return (srv_role)r;
	return SRV_ROLE_NONE;
}

static int unhex(const char *z, uint8_t out[32])
{
	for (int i = 0; i < 32; i++) {
		unsigned v;
		char two[3] = {z[2 * i], z[2 * i + 1], 0};
		if (!two[0] || !two[1] || !strchr("0123456789abcdef", two[0]) ||
		    !strchr("0123456789abcdef", two[1]) || sscanf(two, "%x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return z[64] ? -1 : 0;
}

void srv_keys_free(srv_keys *k)
{
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

int srv_keys_load(srv_keys *out, const char *path, char *err, size_t errcap)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t lineno = 0, cap = 0;
	out->n = 0;
	out->v = NULL;
	if (!f) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return CLR_EIO;
	}
	while (fgets(line, sizeof(line), f)) {
		char role[32], hex[80];
		lineno++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
			continue;
		srv_key k;
		if (sscanf(p, "%31s %79s", role, hex) != 2 ||
		    (k.role = srv_role_parse(role)) == SRV_ROLE_NONE || unhex(hex, k.hash)) {
			snprintf(err, errcap,
			         "%s:%zu: expected \"screen|analyst|admin <sha256 hex>\"", path, lineno);
			fclose(f);
			srv_keys_free(out);
			return CLR_EINPUT;
		}
		if (out->n == cap) {
			size_t nc = cap ? 2 * cap : 8;
			srv_key *v = realloc(out->v, nc * sizeof(*v));
			if (!v) {
				fclose(f);
				srv_keys_free(out);
				snprintf(err, errcap, "out of memory");
				return CLR_ENOMEM;
			}
			out->v = v;
			cap = nc;
		}
		out->v[out->n++] = k;
	}
	fclose(f);
	return 0;
}

srv_role srv_keys_role(const srv_keys *k, const char *key, size_t len)
{
	uint8_t h[32];
	srv_role best = SRV_ROLE_NONE;
	clr_sha256(key, len, h);
	for (size_t i = 0; i < k->n; i++) {
		uint8_t d = 0;
		for (int j = 0; j < 32; j++)
			d |= (uint8_t)(h[j] ^ k->v[i].hash[j]);
		if (!d && k->v[i].role > best)
			best = k->v[i].role;
	}
	return best;
}

int clr_keyfile_add(const char *path, const char *role_name, char out[80], char *err,
                    size_t errcap)
{
	char hex[65], line[128];
	srv_role role = srv_role_parse(role_name);
	if (role == SRV_ROLE_NONE) {
		snprintf(err, errcap, "expected screen, analyst or admin, got '%s'", role_name);
		return CLR_EUSAGE;
	}
	if (clr_key_new(out, hex) < 0) {
		snprintf(err, errcap, "getrandom: %s", strerror(errno));
		return CLR_EIO;
	}
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return CLR_EIO;
	}
	int n = snprintf(line, sizeof(line), "%s %s\n", srv_role_name(role), hex);
	ssize_t w = write(fd, line, (size_t)n);
	if (close(fd) != 0 || w != n) {
		snprintf(err, errcap, "%s: write failed", path);
		return CLR_EIO;
	}
	return 0;
}
