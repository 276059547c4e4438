/*
 * resolve.c - the fixed point of the 50% rules on one date, and the
 * explanation of a covered party (its listed owners, its ownership paths).
 * A worklist relaxes each in-force edge once, when its owner becomes
 * covered, so the work is linear in the graph and cycles cannot loop
 * (docs/rules.md).  Scratch memory lives in the result, not the graph.
 */
#include <stdlib.h>

#include "owner.h"

void clr__owner_res_free(clr_owner_res *res)
{
	for (int r = 0; r < CLR_NRULES; r++) {
		free(res->state[r]);
		free(res->share[r]);
	}
	free(res->total);
	free(res->stamp);
	free(res->queue);
	memset(res, 0, sizeof(*res));
}

static int res_alloc(clr_owner_res *res, size_t n)
{
	if (res->nnodes == n && res->stamp)
		return 0;
	clr__owner_res_free(res);
	size_t m = n ? n : 1;
	for (int r = 0; r < CLR_NRULES; r++) {
		res->state[r] = malloc(m);
		res->share[r] = malloc(m * sizeof(uint64_t));
		if (!res->state[r] || !res->share[r])
			goto nomem;
	}
	res->total = malloc(m * sizeof(uint64_t));
	res->stamp = calloc(m, sizeof(uint32_t));
	res->queue = malloc(m * sizeof(uint32_t));
	if (!res->total || !res->stamp || !res->queue)
		goto nomem;
	res->nnodes = n;
	return 0;
nomem:
	clr__owner_res_free(res);
	return CLR_ENOMEM;
}

int clr__owner_resolve(clr_owner_graph *g, int32_t date, uint8_t *const listed[CLR_NRULES],
                       clr_owner_res *res)
{
	size_t n = g->nodes.n;
	int rc;
	if ((rc = clr__owner_csr(g)) < 0 || (rc = res_alloc(res, n)) < 0)
		return rc;
	res->date = date;
	res->edges_in_force = 0;
	memset(res->total, 0, (n ? n : 1) * sizeof(uint64_t));
	for (size_t i = 0; i < g->edges.n; i++) {
		const clr_owner_edge *e = &g->edges.v[i];
		if (clr__owner_edge_on(e, date)) {
			res->edges_in_force++;
			res->total[e->owned] += e->pct;
		}
	}
	for (int r = 0; r < CLR_NRULES; r++) {
		uint8_t *st = res->state[r];
		uint64_t *sh = res->share[r];
		uint32_t *q = res->queue;
		size_t head = 0, tail = 0;
		memset(sh, 0, (n ? n : 1) * sizeof(uint64_t));
		for (size_t i = 0; i < n; i++) {
			st[i] = listed[r][i] ? CLR_OWN_LISTED : 0;
			if (st[i])
				q[tail++] = (uint32_t)i;
		}
		/* every node enters the queue at most once: when it first becomes
		 * listed or covered; its out-edges are relaxed then and never again */
		while (head < tail) {
			uint32_t u = q[head++];
			for (uint32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
				const clr_owner_edge *e = &g->edges.v[g->out_e[k]];
				if (!clr__owner_edge_on(e, date))
					continue;
				uint32_t v = e->owned;
				sh[v] += e->pct;
				if (sh[v] >= CLR_PCT_50 && !(st[v] & CLR_OWN_COVERED)) {
					if (!st[v])
						q[tail++] = v;
					st[v] |= CLR_OWN_COVERED;
				}
			}
		}
	}
	return 0;
}

static uint32_t next_gen(clr_owner_res *res)
{
	if (++res->gen == 0) {
		memset(res->stamp, 0, (res->nnodes ? res->nnodes : 1) * sizeof(uint32_t));
		res->gen = 1;
	}
	return res->gen;
}

int clr__owner_roots(clr_owner_graph *g, clr_owner_res *res, int rule, uint32_t v,
                     uint32_t **out, size_t *nout)
{
	const uint8_t *st = res->state[rule];
	uint32_t gen = next_gen(res), *q = res->queue;
	size_t head = 0, tail = 0;
	CLR_VEC(uint32_t) roots = {0};
	*out = NULL;
	*nout = 0;
	if (!(st[v] & CLR_OWN_COVERED))
		return 0;
	res->stamp[v] = gen;
	q[tail++] = v;
	while (head < tail) {
		uint32_t x = q[head++];
		for (uint32_t k = g->in_off[x]; k < g->in_off[x + 1]; k++) {
			const clr_owner_edge *e = &g->edges.v[g->in_e[k]];
			uint32_t o = e->owner;
			if (!clr__owner_edge_on(e, res->date) || !st[o] || res->stamp[o] == gen)
				continue;
			res->stamp[o] = gen;
			if ((st[o] & CLR_OWN_LISTED) && clr__vec_push(roots, o)) {
				clr__vec_free(roots);
				return CLR_ENOMEM;
			}
			if (st[o] & CLR_OWN_COVERED)
				q[tail++] = o;
		}
	}
	*out = roots.v;
	*nout = roots.n;
	return 0;
}

void clr__owner_paths_free(clr_owner_paths *p)
{
	clr__vec_free(p->edges);
	clr__vec_free(p->off);
	p->truncated = 0;
}

/* Depth-first, backwards from v over in-force edges whose owner is covered;
 * a path ends at a listed owner.  Parties already on the path are skipped,
 * so cycles end the branch; the caps bound the work on dense graphs. */
int clr__owner_paths(clr_owner_graph *g, clr_owner_res *res, int rule, uint32_t v,
                     clr_owner_paths *out)
{
	const uint8_t *st = res->state[rule];
	uint32_t gen = next_gen(res);
	uint32_t node[CLR_OWNER_MAX_DEPTH + 1], pos[CLR_OWNER_MAX_DEPTH + 1];
	uint32_t edge[CLR_OWNER_MAX_DEPTH + 1];
	size_t depth = 0, steps = 0;
	memset(out, 0, sizeof(*out));
	if (!(st[v] & CLR_OWN_COVERED))
		return 0;
	if (clr__vec_push(out->off, (size_t)0))
		return CLR_ENOMEM;
	node[0] = v;
	pos[0] = g->in_off[v];
	res->stamp[v] = gen;
	for (;;) {
		uint32_t x = node[depth];
		if (pos[depth] >= g->in_off[x + 1]) {
			res->stamp[x] = 0;
			if (!depth)
				break;
			depth--;
			continue;
		}
		if (++steps > CLR_OWNER_MAX_STEPS) {
			out->truncated = 1;
			break;
		}
		uint32_t ei = g->in_e[pos[depth]++];
		const clr_owner_edge *e = &g->edges.v[ei];
		uint32_t o = e->owner;
		if (!clr__owner_edge_on(e, res->date) || !st[o] || res->stamp[o] == gen)
			continue;
		edge[depth] = ei;
		if (st[o] & CLR_OWN_LISTED) {
			/* a path: edges edge[depth], ..., edge[0] from the listed owner to v */
			if (out->off.n > CLR_OWNER_MAX_PATHS) {
				out->truncated = 1;
				break;
			}
			for (size_t k = depth + 1; k-- > 0;)
				if (clr__vec_push(out->edges, edge[k]))
					return CLR_ENOMEM;
			if (clr__vec_push(out->off, out->edges.n))
				return CLR_ENOMEM;
			continue;
		}
		if (depth + 1 >= CLR_OWNER_MAX_DEPTH) {
			out->truncated = 1;
			continue;
		}
		depth++;
		node[depth] = o;
		pos[depth] = g->in_off[o];
		res->stamp[o] = gen;
	}
	/* clear the marks a cut-short search left behind */
	for (size_t k = 0; k <= depth && k <= CLR_OWNER_MAX_DEPTH; k++)
		res->stamp[node[k]] = 0;
	return 0;
}
