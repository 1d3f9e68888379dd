/* SPDX-License-Identifier: MIT */
/*
 * reader.h: the one read interface between layers (cf. libarchive's read
 * callbacks, The Sleuth Kit's TSK_IMG_INFO).  Every layer reads only from the
 * layer below through a struct reader, and offers one to the layer above.
 *
 * read_at returns the bytes read, fewer only at the end of the reader, or -1
 * with e set.  A reader never adds offsets of its parent's parent: windows
 * stack (reader_sub_open) and each checks its own bounds.
 */
#ifndef HV_READER_H
#define HV_READER_H

#include <stdint.h>
#include <sys/types.h>

#include "base/err.h"

struct reader {
	const char *name;        /* context label: "disk.vhdx", "partition 2", "SOFTWARE" */
	uint64_t    size;
	uint32_t    sector_size; /* logical sector of the image: 512 or 4096, never assumed */
	ssize_t   (*read_at)(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e);
	void      (*close)(struct reader *r);
	void       *ctx;
	/*
	 * What kind of reader this is, for code that must reach into ctx (a
	 * differencing disk's parent link): the address of a tag its
	 * implementation owns, or NULL.  Compared, never dereferenced.
	 */
	const void *kind;
	/* Counters for -v and the bench; every reader keeps them. */
	uint64_t    nreads, nbytes;
};

/* Read exactly len bytes at off: 0, or -1 with e set (a short read is an error). */
int reader_read_full(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e);
/* Read up to len bytes at off (bounds-clipped): bytes read or -1. */
ssize_t reader_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e);
/* Close r and free it; NULL is a no-op. */
void reader_close(struct reader *r);

/*
 * A window [off, off+len) of parent, named `name` (copied).  The parent is
 * borrowed and must outlive the window.  Fails when the window does not lie
 * inside the parent.  Returns an owned reader or NULL with e set.
 */
struct reader *reader_sub_open(struct reader *parent, uint64_t off, uint64_t len,
    const char *name, struct err *e);

/*
 * Runs of parent laid end to end: run i holds bytes [off, off+len) of the
 * new reader, read from parent at parent_off.  The runs (copied, any order)
 * must cover [0, size) with no gap or overlap and lie inside parent
 * (borrowed, must outlive it).  Owned, or NULL with e set.
 */
#define READER_MAP_MAX_RUNS 65536u
struct reader_run {
	uint64_t off, len, parent_off;
};
struct reader *reader_map_open(struct reader *parent, const struct reader_run *runs, size_t n,
    const char *name, struct err *e);

/*
 * parent's bytes (borrowed, must outlive it) until max bytes in all have
 * been asked of it; a read past that fails with ERR_LIMIT "WHAT: its read
 * budget of N MiB is spent".  Owned, or NULL with e set.
 */
struct reader *reader_budget_open(struct reader *parent, uint64_t max, const char *what, struct err *e);

/* A reader over memory buf[0..len) (borrowed, must outlive it), sector_size 512. */
struct reader *reader_mem_open(const void *buf, size_t len, const char *name, struct err *e);

/* A reader of size zero bytes (a stand-in parent for tests and fuzzers), sector_size 512. */
struct reader *reader_zero_open(uint64_t size, const char *name, struct err *e);

/* A host file, opened read-only (O_RDONLY|O_NOATIME where allowed); sector_size 512. */
struct reader *rd_file_open(const char *path, struct err *e);

/*
 * A read cache over parent (borrowed): reads go to parent in aligned blocks
 * of block_size bytes (a power of two, 4 KiB..1 MiB), nblocks of them kept,
 * least recently used replaced.  Returns an owned reader or NULL.
 */
struct reader *rd_cache_open(struct reader *parent, uint32_t block_size, uint32_t nblocks,
    struct err *e);

/* Internal: allocate a reader plus ctxsize bytes of zeroed context and a name copy. */
struct reader *reader_alloc(size_t ctxsize, const char *name, struct err *e);


/*
 * An overlay over base (borrowed): reads return base's bytes except where
 * overlay_write put others; the overlay may be larger than base (reads
 * there return zeros).  Memory holds only the written 4 KiB pages, at most
 * OVERLAY_MAX_BYTES.  Owned, or NULL with e set.
 */
#define OVERLAY_MAX_BYTES (512ull * 1024 * 1024)
struct reader *rd_overlay_open(struct reader *base, uint64_t size, const char *name, struct err *e);
/* Put buf[0..len) at off (inside the overlay's size): 0, or -1 (cap, memory). */
int overlay_write(struct reader *ov, uint64_t off, const void *buf, size_t len, struct err *e);
/* Pages held (for reports and tests). */
size_t overlay_pages(const struct reader *ov);

#endif
