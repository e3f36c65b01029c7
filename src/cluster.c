/* STUB: replaced by the cluster module. */
#include <stdlib.h>
#include "dateline/cluster.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
struct cluster { int unused; };
struct cluster *cluster_new(void) { return xcalloc(1, sizeof(struct cluster)); }
void cluster_free(struct cluster *c) { free(c); }
uint32_t cluster_place(struct cluster *c, struct timeline *tl, uint32_t si) { return 0; }
void cluster_remove(struct cluster *c, struct timeline *tl, uint32_t si) {}
bool cluster_same(const struct timeline *tl, uint32_t a, uint32_t b) { return false; }
