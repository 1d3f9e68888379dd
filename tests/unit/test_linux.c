/* SPDX-License-Identifier: MIT */
/*
 * test_linux.c: a Linux guest's text files (facts/linux.c): os-release as
 * Debian, RHEL and Ubuntu ship it and as a hostile image may hold it (no
 * newline at the end, quotes, escapes, a key twice, bytes not UTF-8, a NUL,
 * a value longer than kept); the dpkg status database's stanzas.
 */
#include <stdio.h>

#include "testutil.h"
#include "base/strv.h"
#include "facts/linux.h"

static void
test_os_release(void **state)
{
	static const char debian[] =
	    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
	    "VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
	static const char rhel[] =
	    "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.3 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\n"
	    "VERSION_ID=\"9.3\"\n# a comment\n\n  PRETTY_NAME='Red Hat Enterprise Linux 9.3 (Plow)'";
	static const char odd[] = "NAME=\"a \\\"quoted\\\" \\$x\"\r\nID=one\nID=two\nVERSION_ID=\xff" "1\nPRETTY_NAME=x\0y\n=\nNOEQUALS\n";
	struct linux_release lr;
	char *big;

	(void)state;
	assert_int_equal(linux_os_release(debian, sizeof debian - 1, &lr), 0);
	assert_string_equal(lr.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	assert_string_equal(lr.id, "debian");
	assert_string_equal(lr.version_id, "12");
	assert_null(lr.id_like);
	linux_release_free(&lr);
	assert_int_equal(linux_os_release(rhel, sizeof rhel - 1, &lr), 0);
	assert_string_equal(lr.pretty_name, "Red Hat Enterprise Linux 9.3 (Plow)"); /* no newline at the end */
	assert_string_equal(lr.id, "rhel");
	assert_string_equal(lr.id_like, "fedora");
	linux_release_free(&lr);
	assert_int_equal(linux_os_release(odd, sizeof odd - 1, &lr), 0);
	assert_string_equal(lr.name, "a \"quoted\" $x");
	assert_string_equal(lr.id, "two");                          /* the later one, as a shell reads it */
	assert_string_equal(lr.version_id, "\xef\xbf\xbd" "1");     /* not UTF-8 */
	assert_string_equal(lr.pretty_name, "x\xef\xbf\xbdy");      /* a NUL */
	linux_release_free(&lr);
	assert_non_null(big = malloc(100000));
	memcpy(big, "NAME=", 5);
	memset(big + 5, 'A', 100000 - 5);
	assert_int_equal(linux_os_release(big, 100000, &lr), 0);
	assert_int_equal(strlen(lr.name), LINUX_MAX_VALUE);
	linux_release_free(&lr);
	free(big);
	assert_int_equal(linux_os_release("", 0, &lr), 0);
	assert_null(lr.name);
}

static void
test_dpkg(void **state)
{
	static const char status[] =
	    "Package: hyperv-daemonsx\nStatus: install ok installed\nVersion: 9\n\n"
	    "Package: linux-image-6.1.0-13-amd64\nStatus: install ok installed\nVersion: 6.1.55-1\n\n"
	    "Package: hyperv-daemons\nStatus: install ok installed\nPriority: optional\nVersion: 6.1.55-1\n\n"
	    "Package: removed\nStatus: deinstall ok config-files\nVersion: 1\n";
	char ver[16];

	(void)state;
	assert_int_equal(linux_dpkg_installed(status, sizeof status - 1, "hyperv-daemons", ver, sizeof ver), 1);
	assert_string_equal(ver, "6.1.55-1");
	assert_int_equal(linux_dpkg_installed(status, sizeof status - 1, "removed", ver, sizeof ver), 0);
	assert_int_equal(linux_dpkg_installed(status, sizeof status - 1, "absent", ver, sizeof ver), 0);
	assert_int_equal(linux_dpkg_installed(status, 40, "hyperv-daemons", ver, sizeof ver), 0); /* cut short */
	assert_int_equal(linux_dpkg_installed("", 0, "x", ver, sizeof ver), 0);
	assert_int_equal(linux_dpkg_installed(status, sizeof status - 1, "hyperv-daemons", ver, 4), 1);
	assert_string_equal(ver, "6.1");
	/* bytes not UTF-8 become U+FFFD (3 bytes): cut to fit, whole characters only */
	assert_int_equal(linux_dpkg_installed("Package: p\nStatus: install ok installed\nVersion: 1.\xff\xff\xff\n", 55, "p",
	    ver, 10), 1);
	assert_string_equal(ver, "1.\xef\xbf\xbd\xef\xbf\xbd");
}

/* The host build in each form the kernel has logged it; the last in the text wins; damage is no build. */
static void
test_host_build(void **state)
{
	static const char both[] =
	    "[    0.000000] Hyper-V Host Build:14393-10.0-0-0.1884\n"
	    "some line\n"
	    "[    0.000000] Hyper-V: Host Build 10.0.17763.737-0-0\n"
	    "[    0.000000] Hyper-V Host Build:9600-6.3-0-0.18000\n"; /* the last: an older form, a later boot */
	static const char *const damaged[] = {
		"Hyper-V: Host Build 10.0.", "Hyper-V Host Build:17763-10.0-0-0.", "Hyper-V: Host Build x.0.1.2-0-0",
		"Hyper-V Host Build:17763-10.0", "Hyper-V: Host Build ", "", "Hyper-V: Host Build 1234567890.0.1.2-0-0",
	};
	struct linux_build b;
	size_t i;

	(void)state;
	assert_int_equal(linux_host_build(both, sizeof both - 1, &b), 1);
	assert_int_equal(b.major, 6);
	assert_int_equal(b.minor, 3);
	assert_int_equal(b.build, 9600);
	assert_int_equal(b.number, 18000);
	assert_int_equal(linux_host_build(both, 120, &b), 1); /* the first two lines only */
	assert_int_equal(b.build, 17763);
	assert_int_equal(b.number, 737);
	assert_int_equal(linux_host_build("x Hyper-V: Hypervisor Build 10.0.26100.1-0-0", 44, &b), 1);
	assert_int_equal(b.build, 26100);
	for (i = 0; i < sizeof damaged / sizeof damaged[0]; i++)
		assert_int_equal(linux_host_build(damaged[i], strlen(damaged[i]), &b), 0);
}

/*
 * A log read backwards in pieces: the newest line found even when it lies across two pieces,
 * far from the end; an older one before it never preferred; none past the cap.
 */
static void
test_log_backwards(void **state)
{
	static const char line[] = "kernel: Hyper-V: Host Build 10.0.20348.2227-1-0\n";
	static const char old[] = "kernel: Hyper-V Host Build:14393-10.0-0-0.1884\n";
	struct err e ERR_AUTO = ERR_INIT;
	size_t n = 3 * LINUX_LOG_CHUNK, at = n - LINUX_LOG_CHUNK - 20; /* across the boundary 64 KiB from the end */
	char *log = malloc(LINUX_LOG_TAIL + LINUX_LOG_CHUNK);
	struct linux_build b;
	struct reader *r;

	(void)state;
	assert_non_null(log);
	memset(log, 'x', LINUX_LOG_TAIL + LINUX_LOG_CHUNK);
	memcpy(log + 100, old, sizeof old - 1);
	memcpy(log + at, line, sizeof line - 1);
	assert_non_null(r = reader_mem_open(log, n, "messages", &e));
	assert_int_equal(linux_log_host_build(r, &b, &e), 1);
	assert_int_equal(b.build, 20348);
	assert_int_equal(b.number, 2227);
	reader_close(r);
	/* only the old one, 3 pieces back: found */
	memset(log + at, 'x', sizeof line - 1);
	assert_non_null(r = reader_mem_open(log, n, "messages", &e));
	assert_int_equal(linux_log_host_build(r, &b, &e), 1);
	assert_int_equal(b.build, 14393);
	reader_close(r);
	/* the old one more than the cap from the end: not read */
	assert_non_null(r = reader_mem_open(log, LINUX_LOG_TAIL + LINUX_LOG_CHUNK, "messages", &e));
	assert_int_equal(linux_log_host_build(r, &b, &e), 0);
	reader_close(r);
	free(log);
}

/* The kernels dpkg installed: releases only (not the metapackages), installed only, in order; capped. */
static void
test_dpkg_kernels(void **state)
{
	static const char status[] =
	    "Package: linux-image-amd64\nStatus: install ok installed\nVersion: 6.1.119-1\n\n"
	    "Package: linux-image-6.1.0-18-amd64\nStatus: deinstall ok config-files\n\n"
	    "Package: linux-image-6.1.0-28-amd64\nStatus: install ok installed\n\n"
	    "Package: linux-image-unsigned-6.8.0-45-generic\nStatus: install ok installed\n\n"
	    "Package: linux-image-generic\nStatus: install ok installed\n\n"
	    "Package: linux-image-\nStatus: install ok installed\n\n"
	    "Package: linux-image-5.10.0-9-amd64\nStatus: install ok installed\n";
	char **k, big[64 * 60];
	size_t n, i, at = 0;

	(void)state;
	assert_int_equal(linux_dpkg_kernels(status, sizeof status - 1, &k, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(k[0], "6.1.0-28-amd64");
	assert_string_equal(k[1], "6.8.0-45-generic");
	assert_string_equal(k[2], "5.10.0-9-amd64");
	strv_free(k, n);
	assert_int_equal(linux_dpkg_kernels("", 0, &k, &n), 0);
	assert_int_equal(n, 0);
	for (i = 0; i < 60; i++)
		at += (size_t)snprintf(big + at, sizeof big - at, "Package: linux-image-%zu\nStatus: install ok installed\n\n", i);
	assert_int_equal(linux_dpkg_kernels(big, at, &k, &n), 0);
	assert_int_equal(n, LINUX_MAX_KERNELS);
	strv_free(k, n);
}

/* The release of the boot's kernel: the last "Linux version" before the host's build; printable only. */
static void
test_kernel_release(void **state)
{
	static const char log[] =
	    "[0] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1\n"
	    "[0] Hyper-V Host Build:14393-10.0-0-0.1884\n"
	    "[0] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1\n"
	    "[0] Hyper-V: Host Build 10.0.17763.737-0-0\n"
	    "[0] Linux version 9.9.9-after (not this boot's)\n";
	char out[LINUX_RELEASE_MAX + 1];
	struct linux_build b;

	(void)state;
	assert_int_equal(linux_host_build(log, sizeof log - 1, &b), 1);
	assert_string_equal(b.kernel, "6.1.0-28-amd64");
	assert_int_equal(linux_host_build(log, 120, &b), 1); /* the first boot only */
	assert_string_equal(b.kernel, "6.1.0-18-amd64");
	assert_int_equal(linux_kernel_release("Linux version 6.1\x1b[2J (x)", 24, out), 0);
	assert_string_equal(out, "");
	assert_int_equal(linux_kernel_release("Linux version ", 14, out), 0);
	assert_int_equal(linux_kernel_release("Linux version 6.1.0-28-amd64", 28, out), 1); /* the end of the text ends it */
	assert_string_equal(out, "6.1.0-28-amd64");
}

/*
 * Every boot of a log, forwards across pieces: each host build line with its kernel (the "Linux
 * version" line since the boot before, even pieces earlier; none when that boot has none), its
 * stamp in either syslog form; a second form of the line in one boot is one boot; the newest cap.
 */
static void
test_log_boots(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	size_t n = 4 * LINUX_LOG_CHUNK, at, got;
	char *log = malloc(n);
	struct linux_boot b[8];
	struct reader *r;

#define PUT(off, s) memcpy(log + (off), s, sizeof s - 1)
	(void)state;
	assert_non_null(log);
	memset(log, 'x', n);
	PUT(0, "2024-02-03T08:00:00.000000+00:00 h kernel: Linux version 6.1.0-18-amd64 (x) #1\n");
	log[999] = '\n';
	PUT(1000, "2024-02-03T08:00:01.000000+00:00 h kernel: Hyper-V Host Build:14393-10.0-0-0.1884\n");
	PUT(1100, "2024-02-03T08:00:01.000000+00:00 h kernel: Hyper-V: Hypervisor Build 10.0.14393.1884-0-0\n");
	/* a boot whose kernel line is in an earlier piece, its build line across a piece boundary */
	PUT(LINUX_LOG_CHUNK - 300, "\nNov 22 10:00:00 h kernel: Linux version 6.1.0-28-amd64 (x) #1\n");
	at = 2 * LINUX_LOG_CHUNK - 30;
	log[at - 1] = '\n';
	PUT(at, "Nov 22 10:00:01 h kernel: Hyper-V: Host Build 10.0.17763.737-0-0\n");
	/* a boot with no kernel line of its own, no stamp */
	PUT(3 * LINUX_LOG_CHUNK + 10, "[0.0] Hyper-V: Host Build 10.0.20348.2227-1-0\n");
	assert_non_null(r = reader_mem_open(log, n, "kern.log", &e));
	assert_int_equal(linux_log_boots(r, b, 8, &got, &e), 0);
	assert_int_equal(got, 3);
	assert_int_equal(b[0].b.build, 14393);
	assert_string_equal(b[0].b.kernel, "6.1.0-18-amd64");
	assert_string_equal(b[0].stamp, "2024-02-03T08:00:01.000000+00:00");
	assert_int_equal(b[1].b.build, 17763);
	assert_string_equal(b[1].b.kernel, "6.1.0-28-amd64");
	assert_string_equal(b[1].stamp, "Nov 22 10:00:01");
	assert_int_equal(b[1].at, at + 26);
	assert_int_equal(b[2].b.build, 20348);
	assert_string_equal(b[2].b.kernel, "");
	assert_string_equal(b[2].stamp, "");
	assert_int_equal(linux_log_boots(r, b, 2, &got, &e), 0); /* the newest two */
	assert_int_equal(got, 2);
	assert_int_equal(b[0].b.build, 17763);
	assert_int_equal(b[1].b.build, 20348);
	reader_close(r);
	free(log);
#undef PUT
}

/* The newest boot's kernel, from the piece before its build line's; not further; never an older boot's. */
static void
test_log_kernel_back(void **state)
{
	static const char kv[] = "\nkernel: Linux version 6.1.0-28-amd64 (x)\n";
	static const char hv[] = "\nkernel: Hyper-V: Host Build 10.0.17763.737-0-0\n";
	static const char old[] = "\nkernel: Hyper-V Host Build:14393-10.0-0-0.1884\n";
	struct err e ERR_AUTO = ERR_INIT;
	size_t n = 6 * LINUX_LOG_CHUNK;
	char *log = malloc(n);
	struct linux_build b;
	struct reader *r;

	(void)state;
	assert_non_null(log);
	memset(log, 'x', n);
	memcpy(log + n - LINUX_LOG_CHUNK + 100, hv, sizeof hv - 1); /* in the last piece */
	memcpy(log + n - LINUX_LOG_CHUNK - 5000, kv, sizeof kv - 1); /* in the piece before */
	assert_non_null(r = reader_mem_open(log, n, "kern.log", &e));
	assert_int_equal(linux_log_host_build(r, &b, &e), 1);
	assert_string_equal(b.kernel, "6.1.0-28-amd64");
	reader_close(r);
	/* an older boot's build line between: its kernel line is not this boot's */
	memcpy(log + n - LINUX_LOG_CHUNK - 2000, old, sizeof old - 1);
	assert_non_null(r = reader_mem_open(log, n, "kern.log", &e));
	assert_int_equal(linux_log_host_build(r, &b, &e), 1);
	assert_int_equal(b.build, 17763);
	assert_string_equal(b.kernel, "");
	reader_close(r);
	/* more than LINUX_LOG_BOOT back: not looked for */
	memset(log + n - LINUX_LOG_CHUNK - 5000, 'x', 5000);
	memcpy(log + n - 3 * LINUX_LOG_CHUNK, kv, sizeof kv - 1);
	assert_non_null(r = reader_mem_open(log, n, "kern.log", &e));
	assert_int_equal(linux_log_host_build(r, &b, &e), 1);
	assert_string_equal(b.kernel, "");
	reader_close(r);
	free(log);
}

/* The architecture from an ELF header, either byte order; not an ELF header, NULL. */
static void
test_elf_arch(void **state)
{
	uint8_t h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};

	(void)state;
	h[18] = 62;
	assert_string_equal(linux_elf_arch(h, sizeof h), "x64");
	h[18] = 183;
	assert_string_equal(linux_elf_arch(h, sizeof h), "arm64");
	h[18] = 3;
	assert_string_equal(linux_elf_arch(h, 20), "x86");
	assert_null(linux_elf_arch(h, 19));
	h[5] = 2; /* big-endian: s390x's 22 */
	h[18] = 0;
	h[19] = 22;
	assert_string_equal(linux_elf_arch(h, sizeof h), "s390");
	h[19] = 0xff;
	assert_string_equal(linux_elf_arch(h, sizeof h), "other");
	h[5] = 3;
	assert_null(linux_elf_arch(h, sizeof h));
	h[5] = 1;
	h[0] = 0x7e;
	assert_null(linux_elf_arch(h, sizeof h));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_os_release),
		cmocka_unit_test(test_dpkg),
		cmocka_unit_test(test_host_build),
		cmocka_unit_test(test_log_backwards),
		cmocka_unit_test(test_dpkg_kernels),
		cmocka_unit_test(test_kernel_release),
		cmocka_unit_test(test_elf_arch),
		cmocka_unit_test(test_log_boots),
		cmocka_unit_test(test_log_kernel_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
