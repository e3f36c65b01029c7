/* Work spread over the processors: a loop whose turns do not depend on
 * each other, run by the caller's thread and helper threads. */
#ifndef DATELINE_WORKERS_H
#define DATELINE_WORKERS_H

#include <stddef.h>

/* fn(ud, i) for every i in [0, n), each once, in no set order; with
 * helpers (one less than the processors, at most 3) when n is at least
 * min, else on this thread alone.  fn must be safe to run at once for
 * different i.  Returns when all are done. */
void workers_for(size_t n, size_t min, void (*fn)(void *ud, size_t i),
		 void *ud);

#endif
