/* STUB: replaced by the date module. */
#include <stdio.h>
#include <string.h>
#include "dateline/date.h"
bool date_parse(const char *s, struct dl_time *out) { memset(out, 0, sizeof *out); return false; }
void date_format_utc(int64_t t, char *out) { snprintf(out, 32, "%lld", (long long)t); }
bool date_parse_arg(const char *s, bool end_of_day, int64_t *out) { return false; }
int64_t date_local_day(int64_t t) { return t - t % 86400; }
int64_t date_from_civil(int year, int month, int day) { return 0; }
void date_to_civil(int64_t days, int *year, int *month, int *day) { *year = 1970; *month = 1; *day = 1; }
