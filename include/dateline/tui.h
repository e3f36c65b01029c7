/* The interactive timeline (ncursesw).  Nothing below it knows ncurses. */
#ifndef DATELINE_TUI_H
#define DATELINE_TUI_H

struct app;

/* Run the interface until the user quits; returns the exit status. */
int tui_run(struct app *app);

#endif
