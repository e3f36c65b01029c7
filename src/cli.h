/* The command line: options, and the commands of the design. */
#ifndef DATELINE_CLI_H
#define DATELINE_CLI_H

int cli_main(int argc, char **argv);

#endif
