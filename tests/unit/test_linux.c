/* SPDX-License-Identifier: MIT */
/*
 * test_linux.c: a Linux guest's text files (facts/linux.c): os-release as
 * Debian, RHEL and Ubuntu ship it and as a hostile image may hold it (no
 * newline at the end, quotes, escapes, a key twice, bytes not UTF-8, a NUL,
 * a value longer than kept); the dpkg status database's stanzas.
 */
#include <stdio.h>

#include "testutil.h"
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_os_release),
		cmocka_unit_test(test_dpkg),
		cmocka_unit_test(test_host_build),
		cmocka_unit_test(test_log_backwards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
