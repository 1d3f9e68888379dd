/* SPDX-License-Identifier: MIT */
/*
 * yalfs_tmpl.h: the body of one libyal file-system adapter (yalfs.h),
 * included by fsext.c and fsxfs.c with
 *	YAL(x)   the library's name for x (libfsext_##x)
 *	NAME     its name in errors ("libfsext")
 *	INO_T    its inode number's type
 *	PFX(x)   our function's name (fsext_##x)
 * The library keeps nothing of ours: each step asks it for the file entry
 * of an inode number, and frees it.  With YAL_ABSENT (a build without the
 * library) every call says so, and the cross-check reports it.
 */
#include <stdlib.h>
#include <string.h>

#ifdef YAL_ABSENT
struct yalfs *
PFX(open)(struct reader *vol, struct err *e)
{
	(void)vol;
	err_set(e, ERR_UNSUPPORTED, NAME " is not in this build");
	return NULL;
}

int
PFX(open_file)(struct yalfs *y, const char *path, const char *name, struct reader **out, struct err *e)
{
	(void)y, (void)path, (void)name;
	*out = NULL;
	return err_set(e, ERR_UNSUPPORTED, NAME " is not in this build");
}

void PFX(close)(struct yalfs *y) { (void)y; }
const char *PFX(lib_version)(void) { return "(not in this build)"; }
#else
#include "fs/path.h"
#include "io/bfio.h"

#define MAX_LINKS       8u
#define YAL_MAX_ENTRIES 1000000u /* entries of one directory matched by name */

struct yalfs {
	YAL(volume_t)   *vol;
	struct bfio     *io;
};

void PFX(close)(struct yalfs *y);

struct ynode {
	uint64_t ino;
	unsigned mode;
};

/* The library's error as ours ("libfsext: what: its root cause"), freed. */
static int
yal_err(struct err *e, YAL(error_t) **le, const char *what)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL)
		YAL(error_backtrace_sprint)(*le, bt, sizeof bt);
	YAL(error_free)(le);
	err_set_yal(e, ERR_FORMAT, what, bt, NULL);
	return err_ctx(e, NAME);
}

static int
entry_of(struct yalfs *y, uint64_t ino, YAL(file_entry_t) **fe, struct err *e)
{
	YAL(error_t) *le = NULL;

	*fe = NULL;
	if ((INO_T)ino != ino || YAL(volume_get_file_entry_by_inode)(y->vol, (INO_T)ino, fe, &le) != 1)
		return yal_err(e, &le, "file entry by inode");
	YAL(error_free)(&le); /* a call that succeeds may leave one (docs/sources.md L5) */
	return 0;
}

static int
node_load(void *fs, uint64_t ino, void *node, struct err *e)
{
	struct ynode *n = node;
	YAL(file_entry_t) *fe;
	YAL(error_t) *le = NULL;
	uint16_t mode = 0;
	int rc = 0;

	if (entry_of(fs, ino, &fe, e) != 0)
		return -1;
	if (YAL(file_entry_get_file_mode)(fe, &mode, &le) != 1)
		rc = yal_err(e, &le, "file mode");
	n->ino = ino;
	n->mode = mode;
	YAL(error_free)(&le);
	YAL(file_entry_free)(&fe, NULL);
	return rc;
}

/*
 * name in directory dir, matched by us over the library's entries in
 * turn (its own lookup by name fails on every name in these versions:
 * "unable to create sub file entry"; docs/sources.md L9).
 */
static int
node_lookup(void *fs, const void *dir, const char *name, size_t len, uint64_t *ino, struct err *e)
{
	YAL(file_entry_t) *fe, *sub;
	YAL(error_t) *le = NULL;
	uint8_t got[1024];
	INO_T n = 0;
	int count = 0, i, rc = 0;
	size_t size;

	if (len >= sizeof got)
		return 0;
	if (entry_of(fs, ((const struct ynode *)dir)->ino, &fe, e) != 0)
		return -1;
	if (YAL(file_entry_get_number_of_sub_file_entries)(fe, &count, &le) != 1)
		rc = yal_err(e, &le, "directory");
	else if ((unsigned)count > YAL_MAX_ENTRIES)
		rc = err_set(e, ERR_LIMIT, NAME ": a directory of %d entries (cap %u)", count, YAL_MAX_ENTRIES);
	for (i = 0; i < count && rc == 0; i++) {
		sub = NULL;
		if (YAL(file_entry_get_sub_file_entry_by_index)(fe, i, &sub, &le) != 1 ||
		    YAL(file_entry_get_utf8_name_size)(sub, &size, &le) != 1) {
			rc = yal_err(e, &le, "directory entry");
		} else if (size == len + 1 && YAL(file_entry_get_utf8_name)(sub, got, sizeof got, &le) == 1 &&
		    memcmp(got, name, len) == 0) {
			if (YAL(file_entry_get_inode_number)(sub, &n, &le) != 1)
				rc = yal_err(e, &le, "inode number");
			else
				rc = 1;
		}
		YAL(error_free)(&le);
		YAL(file_entry_free)(&sub, NULL);
	}
	*ino = n;
	YAL(error_free)(&le);
	YAL(file_entry_free)(&fe, NULL);
	return rc;
}

static unsigned node_mode(const void *node) { return ((const struct ynode *)node)->mode; }

static int
node_link(void *fs, const void *node, char *out, size_t cap, struct err *e)
{
	YAL(file_entry_t) *fe;
	YAL(error_t) *le = NULL;
	size_t size = 0;
	int rc = 0;

	if (entry_of(fs, ((const struct ynode *)node)->ino, &fe, e) != 0)
		return -1;
	if (YAL(file_entry_get_utf8_symbolic_link_target_size)(fe, &size, &le) != 1 || size == 0 || size > cap)
		rc = size > cap ? err_set(e, ERR_LIMIT, NAME ": a link of %zu bytes", size) : yal_err(e, &le, "link size");
	else if (YAL(file_entry_get_utf8_symbolic_link_target)(fe, (uint8_t *)out, size, &le) != 1)
		rc = yal_err(e, &le, "link target");
	else
		out[size - 1] = '\0';
	YAL(error_free)(&le);
	YAL(file_entry_free)(&fe, NULL);
	return rc;
}

static const struct fs_path_ops PFX(nodes) = {sizeof(struct ynode), node_load, node_lookup, node_mode, node_link};

/* A file entry of the library as a reader. */
struct yfile {
	YAL(file_entry_t) *fe;
};

static ssize_t
file_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct yfile *f = r->ctx;
	YAL(error_t) *le = NULL;
	ssize_t n = YAL(file_entry_read_buffer_at_offset)(f->fe, buf, len, (off64_t)off, &le);

	if (n < 0) {
		yal_err(e, &le, "read");
		return -1;
	}
	YAL(error_free)(&le);
	return n;
}

static void
file_close(struct reader *r)
{
	struct yfile *f = r->ctx;

	YAL(file_entry_free)(&f->fe, NULL);
}

int
PFX(open_file)(struct yalfs *y, const char *path, const char *name, struct reader **out, struct err *e)
{
	struct ynode n;
	struct reader *r;
	struct yfile *f;
	YAL(file_entry_t) *fe;
	YAL(error_t) *le = NULL;
	size64_t size = 0;
	uint64_t root = 0;
	int rc;

	*out = NULL;
	{
		YAL(file_entry_t) *rt = NULL;
		INO_T ri = 0;
		if (YAL(volume_get_root_directory)(y->vol, &rt, &le) != 1 ||
		    YAL(file_entry_get_inode_number)(rt, &ri, &le) != 1) {
			YAL(file_entry_free)(&rt, NULL);
			return yal_err(e, &le, "root directory");
		}
		YAL(file_entry_free)(&rt, NULL);
		YAL(error_free)(&le);
		root = ri;
	}
	if ((rc = fs_path_walk(&PFX(nodes), y, root, path, MAX_LINKS, &n, e)) != 1)
		return rc < 0 ? err_ctx(e, NAME) : 0;
	if (entry_of(y, n.ino, &fe, e) != 0)
		return -1;
	if (YAL(file_entry_get_size)(fe, &size, &le) != 1) {
		YAL(file_entry_free)(&fe, NULL);
		return yal_err(e, &le, "size");
	}
	YAL(error_free)(&le);
	if ((r = reader_alloc(sizeof *f, name, e)) == NULL) {
		YAL(file_entry_free)(&fe, NULL);
		return -1;
	}
	f = r->ctx;
	f->fe = fe;
	r->size = size;
	r->read_at = file_read;
	r->close = file_close;
	*out = r;
	return 1;
}

struct yalfs *
PFX(open)(struct reader *vol, struct err *e)
{
	struct yalfs *y;
	YAL(error_t) *le = NULL;

	if ((y = calloc(1, sizeof *y)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	if ((y->io = bfio_open(vol, e)) == NULL) {
		free(y);
		return NULL;
	}
	if (YAL(volume_initialize)(&y->vol, &le) != 1 ||
	    YAL(volume_open_file_io_handle)(y->vol, bfio_handle(y->io), YAL(get_access_flags_read)(), &le) != 1) {
		char bt[ERR_TRACE_MAX] = "";
		if (le != NULL)
			YAL(error_backtrace_sprint)(le, bt, sizeof bt);
		YAL(error_free)(&le);
		err_set_yal(e, ERR_FORMAT, "cannot open volume", bt, bfio_cause(y->io));
		err_ctx(e, NAME);
		PFX(close)(y);
		return NULL;
	}
	YAL(error_free)(&le);
	return y;
}

void
PFX(close)(struct yalfs *y)
{
	if (y == NULL)
		return;
	if (y->vol != NULL) {
		YAL(volume_close)(y->vol, NULL);
		YAL(volume_free)(&y->vol, NULL);
	}
	bfio_close(y->io);
	free(y);
}

const char *PFX(lib_version)(void) { return YAL(get_version)(); }
#endif /* YAL_ABSENT */
