/* Fuzz target for date parsing: never a crash, and a date taken as known
 * always formats to a year between 0 and 9999. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_year(int64_t t)
{
	char out[32];

	date_format_utc(t, out);
	/* "YYYY-MM-DDThh:mm:ssZ": four digits, never a sign or a fifth. */
	if (strlen(out) != 20 || out[0] < '0' || out[0] > '9' || out[4] != '-')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_time t;
	int64_t arg;
	char *s;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (date_parse(s, &t)) {
		if (!t.known || (!t.has_zone && t.offset != 0))
			abort();
		check_year(t.utc);
		check_year(t.utc + t.offset);
	} else if (t.known) {
		abort();
	}
	if (date_parse_arg(s, false, &arg)) {
		int64_t end;
		if (date_local_day(arg) > arg || !date_parse_arg(s, true, &end) ||
		    end < arg)
			abort();
	}
	free(s);
	return 0;
}
