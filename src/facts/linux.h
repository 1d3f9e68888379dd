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
#include <stdint.h>

#include "io/reader.h"

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

/*
 * The host's build as the guest's kernel logged it at boot (the kernel's
 * arch/x86/kernel/cpu/mshyperv.c and drivers/hv/hv_common.c [53]), in any
 * of its forms:
 *	Hyper-V Host Build:17763-10.0-0-0.737        (older kernels: build-major.minor-sp-branch.number)
 *	Hyper-V: Host Build 10.0.17763.737-0-0       (newer: major.minor.build.number-sp-branch)
 *	Hyper-V: Hypervisor Build 10.0.26100.1-0-0   (newest)
 * The last one in text[0..len) (the newest boot of that log) into *b, with
 * the release of the kernel that booted then (the last "Linux version R "
 * line before it: the kernel's init/version.c): 1, or 0 when there is none.
 */
#define LINUX_RELEASE_MAX 64u /* bytes of a kernel release kept ("6.1.0-28-amd64") */
struct linux_build {
	unsigned major, minor, build, number;
	char     kernel[LINUX_RELEASE_MAX + 1]; /* that boot's kernel release ("Linux version ..."), or "" */
};
int linux_host_build(const char *text, size_t len, struct linux_build *b);
/*
 * Every boot the log f holds (its last LINUX_LOG_TAIL bytes, read forwards
 * in LINUX_LOG_CHUNK pieces): a host build line in any form, with the
 * release of the "Linux version" line before it (since the boot before;
 * "" when none), the time stamp its line begins with as the log wrote it
 * (RFC 3339 as rsyslog writes it, "2024-11-22T10:00:01.123456+00:00", or
 * RFC 3164's "Dec  1 09:00:00", which has no year; "" when neither), and
 * its byte offset.  A second form of the line in the same boot (within
 * 4 KiB, no kernel line between) is not another boot.  Oldest first; when
 * more than cap, the newest cap.  0 with *n, or -1 with e set.
 */
#define LINUX_STAMP_MAX 40u
#define LINUX_MAX_BOOTS 256u
struct linux_boot {
	struct linux_build b;
	char               stamp[LINUX_STAMP_MAX + 1];
	uint64_t           at;
};
int linux_log_boots(struct reader *f, struct linux_boot *out, size_t cap, size_t *n, struct err *e);

/* The release R of the last "Linux version R " in text[0..len) into out (printable ASCII): 1, or 0 (out ""). */
int linux_kernel_release(const char *text, size_t len, char out[LINUX_RELEASE_MAX + 1]);

/*
 * The kernels dpkg's status text[0..len) has installed: the release of
 * each linux-image-R (or linux-image-unsigned-R) package whose Status is
 * "install ok installed", R starting with a digit (the metapackages, such
 * as linux-image-amd64, are not kernels), at most LINUX_MAX_KERNELS, in
 * the database's order: 0 with *out (owned strings, owned array; NULL when
 * none) and *n, or -1 (no memory).
 */
#define LINUX_MAX_KERNELS 32u
int linux_dpkg_kernels(const char *text, size_t len, char ***out, size_t *n);
/*
 * The architecture an ELF file's header h[0..len) was built for, named as
 * Windows names its own ("x86", "x64", "arm64"; "arm", "riscv", "ppc64",
 * "s390"; "other"), or NULL when h is not an ELF header (e_machine per the
 * System V ABI's gABI and the Linux kernel's include/uapi/linux/elf-em.h).
 */
const char *linux_elf_arch(const uint8_t *h, size_t len);

/*
 * The newest host build in the log f: read backwards from its end in
 * LINUX_LOG_CHUNK pieces (each with the LINUX_LOG_LINE bytes after it, so
 * a line across two pieces is whole in one), stopping at the first piece
 * that has one, at most LINUX_LOG_TAIL bytes; the boot's kernel release
 * from the "Linux version" line before it, read further back (at most
 * LINUX_LOG_BOOT bytes, never past an older boot's host build line) when it
 * is not in that piece.  1 with *b, 0 none, -1 with e set.
 */
#define LINUX_LOG_TAIL  (8u << 20)
#define LINUX_LOG_CHUNK (64u << 10)
#define LINUX_LOG_LINE  512u
#define LINUX_LOG_BOOT  LINUX_LOG_CHUNK /* bytes read back from the host build line for its boot's kernel line */
int linux_log_host_build(struct reader *f, struct linux_build *b, struct err *e);

#endif
