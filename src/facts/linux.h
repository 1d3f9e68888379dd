/* SPDX-License-Identifier: MIT */
/*
 * linux.h: what a Linux guest's own files say about it, read from their
 * text (pure: the pipeline finds the files).  os-release per the
 * freedesktop os-release(5) format (KEY=VALUE lines, values quoted with "
 * or ' or not, \ escaping in double quotes, # comments); the dpkg status
 * database (RFC 822-like stanzas: Package, Status, Version) for whether the
 * KVP daemon's package is installed.  Every string kept is well-formed
 * UTF-8 (a byte that is not, U+FFFD) and at most LINUX_MAX_VALUE bytes.
 */
#ifndef HV_LINUX_H
#define HV_LINUX_H

#include <stddef.h>

#define LINUX_MAX_VALUE 1024u /* bytes of one value kept */

struct linux_release {
	char *pretty_name, *name, *id, *id_like, *version_id, *version; /* owned, NULL when absent */
};

/* os-release text[0..len) into *lr (zeroed first): 0, or -1 (no memory; *lr then empty). */
int linux_os_release(const char *text, size_t len, struct linux_release *lr);
void linux_release_free(struct linux_release *lr);
/*
 * Is package pkg installed, by the dpkg status text[0..len)?  1 (its Status
 * is "install ok installed"; its Version, cut to vn, into ver), 0 (absent,
 * or another status), -1 (no memory).
 */
int linux_dpkg_installed(const char *text, size_t len, const char *pkg, char *ver, size_t vn);

#endif
