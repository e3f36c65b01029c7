/* STUB: replaced by the export module. */
#include <errno.h>
#include <stdio.h>
#include "dateline/buf.h"
#include "dateline/export.h"
int export_text(FILE *f, const struct timeline *tl, const uint32_t *events, size_t n, const struct export_header *h, enum export_format fmt) { errno = ENOSYS; return -1; }
int export_tsv(FILE *f, const struct timeline *tl, const uint32_t *events, size_t n) { errno = ENOSYS; return -1; }
int export_jsonl(FILE *f, const struct timeline *tl, const uint32_t *events, size_t n) { errno = ENOSYS; return -1; }
int export_file(const char *path, bool force, export_write_fn fn, void *ud, char *err, size_t errlen) { snprintf(err, errlen, "%s: export is not implemented yet", path); return -1; }
void export_wrap(struct buf *out, const char *text, int width, const char *indent) { buf_adds(out, text); }
