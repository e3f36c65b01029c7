/* Fuzz target: stored facts are bytes from a file, trusted no more than a
 * feed.  Decoding arbitrary bytes must refuse, or give facts whose actor
 * ids are in range and sorted, and whose encoding decodes again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/actors.h"
#include "dateline/facts.h"
#include "dateline/timeline.h"

#define KEY 0x6661637473ULL

static const char dictionary[] =
	"Vladimir Putin\tperson\tRU\tpresident\tPutin\n"
	"Volodymyr Zelensky\tperson\tUA\tpresident\tZelensky\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct actors *actors;
	struct story_facts f;
	struct buf again = BUF_INIT;

	if (!actors) {
		char e[128];

		actors = actors_new();
		actors_load_mem(actors, dictionary, sizeof dictionary - 1,
				"fuzz", e, sizeof e);
	}
	if (!facts_decode(data, size, KEY, actors, &f))
		return 0;
	for (size_t i = 0; i < f.nactors; i++)
		if (f.actors[i] >= actors_count(actors) ||
		    (i && f.actors[i] <= f.actors[i - 1]))
			abort();
	if (f.precision > PREC_RANGE)
		abort();
	facts_encode(&f, actors, KEY, &again);
	free(f.actors);
	if (!facts_decode(again.data, again.len, KEY, actors, &f))
		abort();
	free(f.actors);
	buf_free(&again);
	return 0;
}
