/* SPDX-License-Identifier: MIT */
/*
 * driver.h: the image drivers, one row per container (libarchive's bidders,
 * The Sleuth Kit's image types), and what one level of a chain is.  The
 * one parent walk (img_open.c) drives every row alike: bid on the head and
 * tail bytes, peek at the headers (identity, stored parent names: our own
 * code, no library), open a level (a library, in the per-image process
 * only), check a candidate parent's identity, attach it, finish the chain.
 * Internal to src/img/ (and the unit tests of the walk).
 */
#ifndef HV_IMG_DRIVER_H
#define HV_IMG_DRIVER_H

#include "base/bytes.h"
#include "base/disk.h"
#include "io/reader.h"
#include "sys/sys.h"

#define IMG_MAX_DEPTH   64   /* levels of a chain */
#define IMG_MAX_NAMES   4    /* parent names stored per level (VHD locators) */
#define IMG_NAME_MAX    1024
#define IMG_MAX_EXTRA   64   /* other files one level reads (VMDK extents) */
#define IMG_HEAD        1024 /* bytes of the head a driver bids on */
#define IMG_TAIL        512  /* ... and of the tail (the VHD footer) */

/* Driver flags. */
#define IMG_LIBRARY        0x01u /* a level is read through a library: opened in the per-image process only */
#define IMG_SECTOR_GUESSED 0x02u /* the container records no sector size (raw): the partition layer guesses */
#define IMG_HAS_LOG        0x04u /* the container may hold a log of writes not yet applied (VHDX) */
#define IMG_NO_SIGNATURE   0x08u /* what is left when no container's signature is found (raw) */

/* One file of a chain, child first. */
struct img_level {
	const struct img_driver *drv;
	char          *path;           /* owned */
	struct sys_id  fid;            /* the file's identity (loops) */
	struct reader *file;           /* the host file; owned */
	/*
	 * What the headers say (peek): d holds what the report shows of the
	 * level (disk type, id, log; its path and format are the walk's).
	 */
	struct disk_level d;
	const char    *subformat;      /* the container's own word, or NULL */
	uint64_t       size;           /* the virtual disk's bytes; 0 until known */
	uint32_t       sector_size;    /* 0: not recorded */
	char           parent_id[2][GUID_STR_LEN]; /* what its parent's id (d.id) must be, any case ("" none) */
	char           parent_names[IMG_MAX_NAMES][IMG_NAME_MAX]; /* as stored, any path style */
	size_t         nparent_names;
	char          *extra[IMG_MAX_EXTRA];       /* other files it reads (owned paths) */
	size_t         nextra;
	char         **segments;      /* once opened: an E01 set's other segments (owned strv; not for -r) */
	size_t         nsegments;
	/* Read. */
	struct reader *disk;           /* this level's virtual disk (owned), through its parent once set */
	void          *priv;           /* the driver's own state (freed by its close) */
	/* The whole chain's reader (set on the child level by finish). */
	int            prefer_lib;     /* --cross-check: read through the library where it is sound */
	const char    *read_by;        /* the library that reads it ("libvhdi"), or NULL: ours */
	char           read_by_why[200]; /* with prefer_lib and ours: why not the library */
};

struct img_driver {
	const char *name;      /* the output label: "raw", "vhd", "vhdx", "vmdk", "qcow", "ewf" */
	const char *exts;      /* file name endings, any case, space-separated: -r and the name rule */
	const char *label;     /* "VHD": what a name claims; NULL: a name of this driver claims nothing */
	const char *missing;   /* what such a file lacks: "no \"conectix\" footer or header" */
	unsigned    flags;     /* IMG_* */
	/* How sure the head (IMG_HEAD bytes, fewer for a small file) and tail say this is ours: 0 not. */
	int  (*bid)(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize);
	/* Headers only, with our own code: identity, parent names, sizes, extra files.  0 or -1. */
	int  (*peek)(struct img_level *lv, struct err *e);
	/* Open the level for reading (a library, maybe): lv->disk.  0 or -1.  NULL: peek opened it. */
	int  (*open)(struct img_level *lv, struct err *e);
	/* 1 when cand may be child's parent; else 0 and *why (a sentence at its length, owned; NULL: no memory). */
	int  (*is_parent)(const struct img_level *child, const struct img_level *cand, char **why);
	/* Make parent (outliving it) child's parent.  Drivers that share it may parent each other. */
	int  (*set_parent)(struct img_level *child, struct img_level *parent, struct err *e);
	/*
	 * The disk of the whole chain v[0..n) (v[0] the child): *top borrowed from
	 * or owned by v.  NULL: the child level's disk (or, with none, its file).
	 */
	int  (*finish)(struct img_level *v, size_t n, struct reader **top, struct err *e);
	/* Free what peek and open made (not path, file, extra: the walk's). */
	void (*close)(struct img_level *lv);
	/* The library it reads through ("libvmdk") and its version, or NULL (our own code). */
	const char *lib;
	const char *(*lib_version)(void);
};

/* The rows, in bid order; raw last (it bids 1 on anything). */
extern const struct img_driver img_vhdx, img_vhd, img_qcow, img_vmdk, img_ewf, img_notdisk, img_raw;

/* Where a walk finds its files: the host's (NULL), or the unit tests' own. */
struct img_fs {
	/* The entry called name in folder dir, exactly or in any case: owned path, or NULL. */
	char *(*find)(void *ctx, const char *dir, const char *name);
	/* path's identity: 0, or -1. */
	int (*id)(void *ctx, const char *path, struct sys_id *id);
	/* path as a reader: owned, or NULL with e set. */
	struct reader *(*open)(void *ctx, const char *path, struct err *e);
	void *ctx;
};

struct image_memo;

/* What a walk is given. */
struct img_env {
	const struct img_driver *const *drivers; /* NULL-terminated; NULL: the built-in rows */
	const struct img_fs     *fs;             /* NULL: the host's */
	const char *const       *dirs;           /* --parent-dir, searched after the child's folder */
	size_t                   ndirs;
	struct image_memo       *memo;           /* peek walks only: stop at a parent walked before (NULL: none) */
};

/* A chain as far as the walk got: every level, child first. */
/* The levels a walk reached, child first, on the heap (grown as the walk goes, at most IMG_MAX_DEPTH). */
struct img_chain {
	struct img_level *lv;
	size_t            n, cap;
	int               memo_hit;    /* the last level was walked before (env->memo): the walk stopped there */
	int               memo_whole;  /* ... and its chain held, */
	size_t            memo_levels; /* ... of so many levels, itself included */
	int               lost;        /* the walk failed as the last level's parent was not found, refused, or
	                                  met twice: the chain from every level reached is broken */
};

/*
 * The one parent walk.  From the image at path: detect its driver (bids),
 * peek (and with open, open) it; while it names a parent, look for each
 * stored name (its last component only: whatever a locator says, nothing
 * outside these folders is opened) in the child's folder, then in each
 * env->dirs, exactly then in any case; a candidate of another family, whose
 * identity does not match, or smaller than its child is skipped with a
 * note, the next one tried; a file met twice is a loop; at most
 * IMG_MAX_DEPTH levels.  c holds every level reached, even on failure
 * (close it with img_chain_close).  0, or -1 with e set.
 */
int img_walk(const char *path, const struct img_env *env, int open, struct img_chain *c, struct err *e);
/* Close every level, children first (each borrows its parent). */
void img_chain_close(struct img_chain *c);
/* image_files (img.h) in env: its drivers, its files, its memo. */
int img_files(const char *path, const struct img_env *env, char ***out, size_t *nout, struct err *e);
/*
 * img_memo.c: was the file id walked before (1; *whole: its chain held, of
 * *levels levels), or not (0)?  Remember one (no memory: not remembered).
 */
int img_memo_get(const struct image_memo *m, const struct sys_id *id, int *whole, size_t *levels);
void img_memo_put(struct image_memo *m, const struct sys_id *id, int whole, size_t levels);
/* The driver the file in r bids highest for (NULL: a read error, e set). */
const struct img_driver *img_detect(const struct img_driver *const *drivers, struct reader *r, struct err *e);

/* Shared by the VHD and VHDX rows: a differencing level reads its parent's disk. */
int vdisk_set_parent_level(struct img_level *child, struct img_level *parent, struct err *e);

#endif
