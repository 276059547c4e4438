/*
 * replay.c - runs a fuzz target over every file of its seed corpus, so that
 * each corpus replays as an ordinary test in every build (libgit2 fuzzers).
 * Fails if the corpus is missing, empty or unreadable: a replay that ran
 * nothing is no test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	char *buf;
	size_t n;
	clr_buf err = {0};
	if (clr__read_file(path, &buf, &n, &err) < 0) {
		fprintf(stderr, "replay: %s\n", err.p ? err.p : path);
		clr__buf_free(&err);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	size_t ran = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: missing\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) != 0)
				return 1;
			ran++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			if (run_file(path) != 0) {
				closedir(d);
				return 1;
			}
			ran++;
		}
		if (d)
			closedir(d);
	}
	printf("replayed %zu inputs\n", ran);
	return ran ? 0 : 1;
}
