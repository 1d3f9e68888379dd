/* SPDX-License-Identifier: MIT */
/*
 * fuzz_linuxtext.c: libFuzzer harness: a Linux guest's text files as
 * facts/linux.c reads them (os-release, dpkg's status database, the
 * kernel's log read backwards and forwards in pieces, an ELF header).  The
 * input is also laid across the log reader's piece boundaries (inside a
 * log of 'x' lines three pieces long), so that a line cut by a boundary is
 * tried.  What must hold: every string kept is well-formed UTF-8 (a
 * release, a stamp: printable ASCII), counts within their caps, and the
 * facts, as a guest's installation with its boots in --history, print in
 * every output mode and read back from JSONL the same (emit_check.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "emit_check.h"
#include "facts/history.h"
#include "facts/linux.h"

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_linuxtext: %s\n", what);
	abort();
}

static void
utf8(const char *s)
{
	size_t n, i, k;

	if (s == NULL)
		return;
	for (n = strlen(s), i = 0; i < n; i += k)
		if ((k = utf8_seq_len(s + i, n - i)) == 0)
			fail("not UTF-8");
}

static void
ascii(const char *s, size_t cap)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] < ' ' || s[i] > '~' || i >= cap)
			fail("not printable ASCII, or too long");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	static char *log;
	size_t loglen = 3 * LINUX_LOG_CHUNK, nk = 0, nb = 0, i;
	struct linux_release lr;
	struct linux_build b;
	struct linux_boot boots[16];
	struct image_report r;
	struct install *in;
	struct reader *rd;
	struct err e ERR_AUTO = ERR_INIT;
	const char *bad;
	char ver[64], **k = NULL;
	int found = 0;

	if (size > LINUX_LOG_CHUNK)
		return 0;
	if (linux_os_release(t, size, &lr) == 0) {
		utf8(lr.pretty_name), utf8(lr.name), utf8(lr.id), utf8(lr.id_like), utf8(lr.version_id), utf8(lr.version);
	}
	if (linux_dpkg_installed(t, size, "hyperv-daemons", ver, sizeof ver) == 1)
		utf8(ver);
	if (linux_dpkg_kernels(t, size, &k, &nk) == 0) {
		if (nk > LINUX_MAX_KERNELS)
			fail("too many kernels");
		for (i = 0; i < nk; i++)
			utf8(k[i]);
	}
	if (linux_host_build(t, size, &b) == 1)
		ascii(b.kernel, LINUX_RELEASE_MAX);
	(void)linux_elf_arch(data, size);
	/* the input across the boundary between the first two pieces of a log */
	if (log == NULL) {
		if ((log = malloc(loglen)) == NULL)
			return 0;
		for (i = 0; i < loglen; i++)
			log[i] = i % 64 == 63 ? '\n' : 'x';
	}
	memcpy(log + loglen - LINUX_LOG_CHUNK - size / 2, data, size);
	if ((rd = reader_mem_open(log, loglen, "kern.log", &e)) != NULL) {
		if ((found = linux_log_host_build(rd, &b, &e)) == 1)
			ascii(b.kernel, LINUX_RELEASE_MAX);
		if (linux_log_boots(rd, boots, 16, &nb, &e) == 0) {
			if (nb > 16)
				fail("too many boots");
			for (i = 0; i < nb; i++) {
				ascii(boots[i].b.kernel, LINUX_RELEASE_MAX);
				ascii(boots[i].stamp, LINUX_STAMP_MAX);
			}
		}
		reader_close(rd);
	}
	for (i = 0; i < loglen; i++) /* the log as it was, for the next input */
		log[i] = i % 64 == 63 ? '\n' : 'x';

	memset(&r, 0, sizeof r);
	r.path = "guest.vhdx";
	if ((in = report_add_install(&r)) != NULL) {
		in->os.family = "linux";
		in->os.product_name = lr.pretty_name;
		lr.pretty_name = NULL;
		in->os.packages = "dpkg";
		in->os.kernels = k;
		in->os.nkernels = nk;
		k = NULL;
		if (found == 1) {
			snprintf(in->os.kernel, sizeof in->os.kernel, "%s", b.kernel);
			snprintf(in->os.kernel_from, sizeof in->os.kernel_from, "/var/log/kern.log");
		}
		in->hist.ran = 1;
		for (i = 0; i < nb; i++) {
			char where[96];
			snprintf(where, sizeof where, "/var/log/kern.log: %s", boots[i].stamp);
			hist_add_boot(&in->hist, where, (long)i, boots[i].b.major, boots[i].b.minor, boots[i].b.build,
			    boots[i].b.number, boots[i].b.kernel);
		}
		hist_finish(&in->hist);
		if ((bad = emit_check(&r, 0)) != NULL)
			fail(bad);
	}
	report_free(&r);
	linux_release_free(&lr);
	if (k != NULL) {
		for (i = 0; i < nk; i++)
			free(k[i]);
		free(k);
	}
	return 0;
}
