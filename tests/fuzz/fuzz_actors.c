/* Fuzz target for actor matching and dictionary loading: whatever the
 * bytes, matching returns valid ids, sorted, each once, within max; a
 * dictionary made of the bytes loads or fails with a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/actors.h"
#include "dateline/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char dict[] =
    "Vladimir Putin\tperson\tRU\tPresident\tPutin|Путин|Russian President\n"
    "Volodymyr Zelensky\tperson\tUA\t\tZelensky|Zelenskyy|Зеленський\n"
    "Donald Trump\tperson\tUS\t\t!Trump|U.S. President\n"
    "Sergei Lavrov\tperson\tRU\t\tLavrov\n"
    "Recep Tayyip Erdoğan\tperson\tTR\t\tErdoğan|Erdogan\n"
    "United Nations\torganisation\t\t\tUN|U.N.\n"
    "IAEA\torganisation\t\t\tUN nuclear watchdog\n"
    "the Kremlin\torganisation\tRU\t\tKremlin\n"
    "Kyiv\tplace\tUA\t\tKiev|Київ\n";

#define MAXIDS 64

static void
check(const struct actors *a, const uint32_t *ids, size_t n, size_t max)
{
	size_t i;

	if (n > max)
		abort();
	for (i = 0; i < n; i++) {
		const struct actor *ac = actors_get(a, ids[i]);
		if (!ac || !ac->name || (i && ids[i - 1] >= ids[i]))
			abort();
	}
}

static void
match(struct actors *a, const char *s, size_t len, size_t max, bool disc)
{
	uint32_t ids[MAXIDS];

	check(a, ids, actors_match(a, s, len, ids, max, disc), max);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct actors *fixed;
	const char *s = (const char *)data;
	size_t max = size ? data[0] % MAXIDS : 0;
	char err[256];
	char *clean;

	if (!fixed) {
		fixed = actors_new();
		if (actors_load_mem(fixed, dict, sizeof(dict) - 1, "fuzz", err,
		    sizeof(err)))
			abort();
	}
	clean = text_clean(s, size, TEXT_BODY_CAP);
	match(fixed, clean, strlen(clean), max, true);
	match(fixed, clean, strlen(clean), MAXIDS, false);
	free(clean);
	/* Raw bytes too: the matcher must not trust its input. */
	match(fixed, s, size, MAXIDS, false);

	/* The bytes as a dictionary of their own. */
	struct actors *own = actors_new();
	err[0] = '\0';
	if (actors_load_mem(own, s, size, "input", err, sizeof(err)) != 0) {
		if (strncmp(err, "input:", 6) != 0)
			abort();
	}
	/* the good lines of a bad dictionary are loaded all the same */
	match(own, s, size, MAXIDS, true);
	(void)actors_lookup(own, "Putin");
	actors_free(own);
	return 0;
}
