/* STUB: replaced by the temporal module. */
#include <string.h>
#include "dateline/model.h"
#include "dateline/temporal.h"
void temporal_extract(const char *title, const char *text, const struct dl_time *published, struct temporal_result *out)
{ memset(out, 0, sizeof *out); out->event.start = out->event.end = NO_TIME; out->event.precision = PREC_UNKNOWN; }
