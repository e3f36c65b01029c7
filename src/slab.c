/* Story text carved from large chunks (see slab.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>

#include "dateline/slab.h"

#define CHUNK ((size_t)4 << 20)		/* a power of two: a chunk is found
					   from any block by masking */
#define LARGEST (CHUNK / 64)		/* larger blocks are malloc's */
#define ALIGN 16

/* The sanitizer build keeps every block its own, with its guards. */
#if defined(__SANITIZE_ADDRESS__)
#define SLAB_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_OFF 1
#endif
#endif
#ifndef SLAB_OFF
#define SLAB_OFF 0
#endif

struct chunk {
	/* Blocks not yet freed, and one more while a thread carves from
	 * it; the chunk is unmapped when this reaches 0. */
	atomic_size_t live;
	size_t used;			/* bytes carved, this header first */
};

static _Thread_local struct chunk *current;
static _Thread_local bool registered;	/* thread_end will run */
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_bool enabled;

static void
release(struct chunk *c)
{
	if (atomic_fetch_sub(&c->live, 1) == 1)
		munmap(c, CHUNK);
}

/* A thread that ends gives up its chunk (the key's value only says that
 * it has one). */
static void
thread_end(void *unused)
{
	(void)unused;
	if (current)
		release(current);
	current = NULL;
}

static void
key_init(void)
{
	if (pthread_key_create(&key, thread_end) != 0)
		key = (pthread_key_t)-1;
}

/* A chunk aligned on its size: twice as much mapped, the rest unmapped. */
static struct chunk *
chunk_new(void)
{
	char *p = mmap(NULL, 2 * CHUNK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t start;
	struct chunk *c;

	if (p == MAP_FAILED)
		return NULL;
	start = ((uintptr_t)p + CHUNK - 1) & ~(uintptr_t)(CHUNK - 1);
	if (start > (uintptr_t)p)
		munmap(p, start - (uintptr_t)p);
	munmap((char *)start + CHUNK, (uintptr_t)p + CHUNK - start);
	c = (struct chunk *)start;
#ifdef MADV_HUGEPAGE
	(void)madvise(c, CHUNK, MADV_HUGEPAGE);
#endif
	atomic_init(&c->live, 1);
	c->used = (sizeof *c + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return c;
}

void *
slab_alloc(size_t n)
{
	struct chunk *c = current;
	void *p;

	if (SLAB_OFF || !atomic_load(&enabled) || n == 0 || n > LARGEST)
		return NULL;
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (!c || CHUNK - c->used < n) {
		pthread_once(&once, key_init);
		if (!(c = chunk_new()))
			return NULL;
		if (current)
			release(current);
		current = c;
		/* without the key, a thread's last chunk is not given back
		 * when it ends (some text for nothing, never a fault) */
		if (!registered && key != (pthread_key_t)-1)
			registered = pthread_setspecific(key, &once) == 0;
	}
	p = (char *)c + c->used;
	c->used += n;
	atomic_fetch_add(&c->live, 1);
	return p;
}

void
slab_enable(bool on)
{
	atomic_store(&enabled, on);
}

void
slab_free(void *p)
{
	if (p)
		release((struct chunk *)((uintptr_t)p &
					 ~(uintptr_t)(CHUNK - 1)));
}
