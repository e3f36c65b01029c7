/* STUB: replaced by the actors module. */
#include <stdio.h>
#include <stdlib.h>
#include "dateline/actors.h"
#include "dateline/util.h"
struct actors { int unused; };
struct actors *actors_new(void) { return xcalloc(1, sizeof(struct actors)); }
void actors_free(struct actors *a) { free(a); }
int actors_load_mem(struct actors *a, const char *data, size_t len, const char *name, char *err, size_t errlen) { return 0; }
int actors_load_file(struct actors *a, const char *path, char *err, size_t errlen) { return 0; }
size_t actors_count(const struct actors *a) { return 0; }
const struct actor *actors_get(const struct actors *a, uint32_t id) { return NULL; }
uint32_t actors_lookup(const struct actors *a, const char *name) { return ACTOR_NONE; }
size_t actors_match(struct actors *a, const char *text, size_t len, uint32_t *out, size_t max, bool discover) { return 0; }
