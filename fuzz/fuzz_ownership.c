/*
 * fuzz_ownership.c - libFuzzer target for the ownership CSV parser and the
 * fixed point: any input must parse or fail cleanly, without leaking; a
 * graph that parses is resolved with its first party listed, and every
 * covered party's paths are enumerated (the caps must hold).  Its seed
 * corpus is fuzz/corpus/ownership/.
 */
#include <stdint.h>
#include <stdlib.h>

#include "owner/owner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clr_owner_graph *g;
	if (clr_owner_new(&g) < 0)
		return 0;
	if (clr_owner_parse(g, (const char *)data, size, "fuzz-input") == 0 && g->nodes.n) {
		size_t n = g->nodes.n;
		uint8_t *l0 = calloc(n, 1), *l1 = calloc(n, 1);
		clr_owner_res res = {0};
		if (l0 && l1) {
			l0[0] = l1[n - 1] = 1;
			uint8_t *listed[CLR_NRULES] = {l0, l1};
			if (clr__owner_resolve(g, 20250601, listed, &res) == 0) {
				for (uint32_t v = 0; v < n; v++) {
					clr_owner_paths p;
					uint32_t *roots;
					size_t nroots;
					if (clr__owner_paths(g, &res, 0, v, &p) == 0)
						clr__owner_paths_free(&p);
					if (clr__owner_roots(g, &res, 1, v, &roots, &nroots) == 0)
						free(roots);
				}
			}
		}
		clr__owner_res_free(&res);
		free(l0);
		free(l1);
	}
	clr_owner_free(g);
	return 0;
}
