/* Asset files compiled into the binary (the sample wires, the actors). */
#ifndef DATELINE_EMBEDDED_H
#define DATELINE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	/* path below assets/, e.g. "sample/kestrel-wire.xml" */
	const char *data;	/* NUL-terminated for convenience */
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The embedded file of that name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
