/* A growable byte string, used for every field of unknown length. */
#ifndef DATELINE_BUF_H
#define DATELINE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct buf {
	char *data;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Add the rest of fp; false on a read error (errno says which). */
bool buf_add_file(struct buf *b, FILE *fp);
/* Empty the string, keeping its memory. */
void buf_reset(struct buf *b);
/* Hand the string to the caller (never NULL: "" when empty). */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

#endif
