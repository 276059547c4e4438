/*
 * keys.c - `clearance keys`: API keys of `clearance serve`.  With --store P
 * the key's SHA-256, name and role go into the store (create, list, revoke;
 * each change audited); with --keys FILE a "role hash" line is appended to a
 * keys file.  A new key is printed once, on stdout, and stored nowhere.
 */
#include <string.h>

#include "cli.h"

static const char keys_usage[] =
	"usage: clearance keys create --role screen|analyst|admin [--name LABEL] --store P\n"
	"       clearance keys create --role screen|analyst|admin --keys FILE\n"
	"       clearance keys list --store P\n"
	"       clearance keys revoke --store P ID|NAME";

static int keys_store(const char *sub, const char *store, const char *role, const char *name,
                      const char *which)
{
	clr_store *st;
	char key[80];
	int64_t id;
	int rc = clr_store_open(&st, store);
	if (!rc && !strcmp(sub, "create"))
		rc = clr_store_key_create(st, role, name, key, &id);
	else if (!rc && !strcmp(sub, "list"))
		rc = clr_store_keys_list(st, stdout);
	else if (!rc)
		rc = clr_store_key_revoke(st, which);
	if (rc < 0) {
		cli_err("keys %s: %s", sub, clr_store_errmsg(st));
		clr_store_free(st);
		return EXIT_ERROR;
	}
	if (!strcmp(sub, "create")) {
		printf("%s\n", key);
		fprintf(stderr, "clearance: %s key %lld added to %s (its hash only; the key is shown "
		        "once)\n", role, (long long)id, store);
	} else if (!strcmp(sub, "revoke")) {
		fprintf(stderr, "clearance: key %s revoked\n", which);
	}
	clr_store_free(st);
	return EXIT_CLEAR;
}

int cmd_keys(int argc, char **argv)
{
	const char *role = NULL, *file = NULL, *store = NULL, *name = NULL, *which = NULL;
	const char *sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_err("%s", keys_usage);
	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--role") && v)
			role = argv[++i];
		else if (!strcmp(argv[i], "--keys") && v)
			file = argv[++i];
		else if (!strcmp(argv[i], "--store") && v)
			store = argv[++i];
		else if (!strcmp(argv[i], "--name") && v)
			name = argv[++i];
		else if (!strcmp(sub, "revoke") && !which && argv[i][0] != '-')
			which = argv[i];
		else
			return cli_err("keys %s: unknown argument '%s'\n%s", sub, argv[i], keys_usage);
	}
	if (!strcmp(sub, "create") && !role)
		return cli_err("keys create: --role is required\n%s", keys_usage);
	if (!strcmp(sub, "revoke") && !which)
		return cli_err("keys revoke: a key id or name is required\n%s", keys_usage);
	if (!!store == !!file || (file && strcmp(sub, "create")))
		return cli_err("keys %s: give --store P%s\n%s", sub,
		               strcmp(sub, "create") ? "" : " or --keys FILE", keys_usage);
	if (store)
		return keys_store(sub, store, role, name, which);
	if (name)
		return cli_err("keys create: --name needs --store (a keys file holds no names)");
	char key[80], err[512];
	int rc = clr_keyfile_add(file, role, key, err, sizeof(err));
	if (rc == CLR_EUSAGE)
		return cli_err("--role: %s", err);
	if (rc < 0)
		return cli_err("keys create: %s", err);
	printf("%s\n", key);
	fprintf(stderr, "clearance: %s key added to %s (its hash only; the key is shown once)\n",
	        role, file);
	return EXIT_CLEAR;
}
