/* STUB: replaced by the interface. */
#include <stdio.h>
#include "dateline/tui.h"
int tui_run(struct app *app) { fputs("dateline: the interactive timeline is not implemented yet\n", stderr); return 2; }
