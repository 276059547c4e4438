/*
 * journal.c - where the screening log's journals (screenlog.c) live: next
 * to a SQLite store's file, named after it; for a PostgreSQL store, which
 * has no file, in a local folder under a name derived from its URI, so
 * that the next start on the same store finds what a crash left.  Never
 * opens a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "../util/sha256.h"

void srv_screenlog_base(const char *store, char *out, size_t cap)
{
	char h[65];
	if (strncmp(store, "postgresql://", 13) && strncmp(store, "postgres://", 11)) {
		snprintf(out, cap, "%s", store);
		return;
	}
	/* $CLEARANCE_JOURNAL_DIR, else systemd's StateDirectory (the package's
	 * /var/lib/clearance), else the working directory: never a tmpfs by
	 * default, since the journal holds answered requests not yet stored */
	const char *dir = getenv("CLEARANCE_JOURNAL_DIR");
	if (!dir || !*dir)
		dir = getenv("STATE_DIRECTORY");
	if (!dir || !*dir || strchr(dir, ':')) /* systemd lists several with ':' */
		dir = ".";
	clr__sha256_str(store, strlen(store), h);
	snprintf(out, cap, "%s/clearance-pg-%.16s", dir, h);
}
