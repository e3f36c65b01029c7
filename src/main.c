/* dateline: a terminal news-timeline viewer. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
