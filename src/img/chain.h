/* SPDX-License-Identifier: MIT */
/*
 * chain.h: differencing chains (.avhdx -> ... -> .vhdx, .avhd -> ... -> .vhd).
 * Parents are found by file name only, in the child's folder and in the
 * folders the user names (--parent-dir); nothing else is ever opened,
 * whatever a locator says.  Each parent's identity is verified.
 */
#ifndef HV_CHAIN_H
#define HV_CHAIN_H

#include "img/vdisk.h"

#define CHAIN_MAX_DEPTH 64
#define CHAIN_MAX_DIRS  16

struct chain_link {
	char       *path;            /* owned */
	const char *format, *disk_type;
	char        id[GUID_STR_LEN], parent_id[GUID_STR_LEN];
	int         log_pending;
	char        log_guid[GUID_STR_LEN];
	unsigned    log_entries;     /* replayed in memory */
	int         log_torn;        /* named a log, but no valid sequence: read as it is */
	char        log_note[200];
};

struct chain;

/*
 * Open the chain whose newest child is at path (already known to be VHD or
 * VHDX, format "vhd"/"vhdx").  links/nlinks (owned by the caller, freed
 * with chain_links_free) describe every level, child first, as far as the
 * walk got, even on failure.  Owned chain, or NULL with e set.
 */
struct chain *chain_open(const char *path, const char *format, const char *const *dirs, size_t ndirs,
    struct chain_link **links, size_t *nlinks, struct err *e);
/*
 * The file a child at child_path names as its parent (stored: a QCOW2
 * backing file, a VMDK parent hint; any path style), by the same rule as
 * VHD/VHDX parents: its last component only, in the child's folder, then in
 * dirs.  Owned path, or NULL with e set, naming where it looked.
 */
char *chain_locate(const char *child_path, const char *stored, const char *const *dirs, size_t ndirs,
    struct err *e);
/* The child's virtual disk; borrowed, valid until chain_close. */
struct reader *chain_reader(struct chain *c);
void chain_close(struct chain *c);
void chain_links_free(struct chain_link *l, size_t n);

#endif
