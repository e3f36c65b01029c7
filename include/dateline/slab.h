/* Memory for the blocks of text that live as long as their stories: carved
 * in order from chunks of 4 MiB backed by huge pages where the kernel
 * gives them on request, so that 100,000 stories' text costs a few dozen
 * page faults instead of tens of thousands.  A chunk goes back to the
 * system once every block carved from it is freed.  Any thread may carve
 * (each from a chunk of its own) and free. */
#ifndef DATELINE_SLAB_H
#define DATELINE_SLAB_H

#include <stdbool.h>
#include <stddef.h>

/* Off until enabled, for the whole process.  Only a program that keeps
 * what it parses should enable it: a chunk is given back only once all
 * its blocks are freed, so text parsed again and again and mostly thrown
 * away (the interface's refreshes: most items are known already) would
 * leave chunks held by the few stories kept.  The commands enable it. */
void slab_enable(bool on);

/* A block of n bytes, or NULL when disabled, when n is too large for a
 * chunk to be worth it, or when no chunk can be had (the caller then uses
 * malloc). */
void *slab_alloc(size_t n);
/* p from slab_alloc. */
void slab_free(void *p);

#endif
