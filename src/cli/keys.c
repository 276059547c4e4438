/*
 * keys.c - `clearance keys create --role R --keys FILE`: appends a new
 * random key's SHA-256 to the keys file `clearance serve --keys` reads and
 * prints the key once, on stdout.  The key itself is stored nowhere.
 */
#include <string.h>

#include "../server/server.h"
#include "cli.h"

int cmd_keys(int argc, char **argv)
{
	const char *role = NULL, *file = NULL;
	if (argc < 2 || strcmp(argv[1], "create"))
		return cli_err("usage: clearance keys create --role screen|analyst|admin --keys FILE");
	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--role") && v)
			role = argv[++i];
		else if (!strcmp(argv[i], "--keys") && v)
			file = argv[++i];
		else
			return cli_err("keys create: unknown argument '%s'", argv[i]);
	}
	if (!role || !file)
		return cli_err("keys create: --role and --keys are required");
	srv_role r = srv_role_parse(role);
	if (r == SRV_ROLE_NONE)
		return cli_err("--role: expected screen, analyst or admin, got '%s'", role);
	char key[80], err[512];
	if (srv_keys_create(file, r, key, err, sizeof(err)) < 0)
		return cli_err("keys create: %s", err);
	printf("%s\n", key);
	fprintf(stderr, "clearance: %s key added to %s (its hash only; the key is shown once)\n",
	        role, file);
	return EXIT_CLEAR;
}
