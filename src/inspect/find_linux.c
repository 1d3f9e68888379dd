/* SPDX-License-Identifier: MIT */
/*
 * find_linux.c: see find_linux.h.  Where the files are: os-release per
 * os-release(5) (/etc/os-release, else /usr/lib/os-release); the KVP pools
 * where the Linux kernel's tools/hv/hv_kvp_daemon.c keeps them
 * (/var/lib/hyperv/, older daemons /var/opt/hyperv/); the dpkg database
 * for the daemon's package (Debian and Ubuntu: hyperv-daemons) and the
 * kernels installed, RPM's named where there is no dpkg; the kernel that
 * booted from the line before the host's build in the log; the
 * architecture from the shell's ELF header.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/catalogue.h"
#include "facts/kvp.h"
#include "facts/linux.h"
#include "facts/history.h"
#include "facts/verdict.h"
#include "fs/unixfs.h"
#include "inspect/find_linux.h"
#include "reg/kvppool.h"

#define TEXT_MAX (256u << 10) /* bytes of a text file read (os-release, dpkg's status: its first) */
#define DPKG_MAX (64u << 20)  /* bytes of dpkg's status database read */

int
install_is_linux(const struct install *in)
{
	return in->os.family != NULL && strcmp(in->os.family, "linux") == 0;
}

/*
 * The first of paths that exists, read whole up to max bytes into *buf
 * (owned, NUL-ended; *len), its path into *which: 1, 0 none exists, -1 (e).
 */
static int
read_first(struct unixfs *x, const char *const *paths, size_t n, size_t max, char **buf, size_t *len,
    const char **which, struct err *e)
{
	struct reader *f;
	size_t i, want;
	int rc;

	*buf = NULL;
	*len = 0;
	for (i = 0; i < n; i++) {
		if ((rc = unixfs_open_file(x, paths[i], paths[i], &f, e)) < 0)
			return -1;
		if (rc == 0)
			continue;
		want = f->size < max ? (size_t)f->size : max;
		if ((*buf = malloc(want + 1)) == NULL) {
			reader_close(f);
			return err_set(e, ERR_NOMEM, "out of memory");
		}
		if (reader_read_full(f, *buf, want, 0, e) != 0) {
			free(*buf);
			*buf = NULL;
			reader_close(f);
			return err_ctx(e, "%s", paths[i]);
		}
		(*buf)[want] = '\0';
		*len = want;
		*which = paths[i];
		reader_close(f);
		return 1;
	}
	return 0;
}

/* The host as pool 3 holds it: Guest\Parameters' shape. */
static void
pool(struct unixfs *x, struct install *in, struct err *e)
{
	static const char *const paths[] = {"/var/lib/hyperv/.kvp_pool_3", "/var/opt/hyperv/.kvp_pool_3"};
	const char *where = NULL, *an[4];
	struct kvp_pool p;
	char *buf;
	size_t len, i, na;
	int rc;

	rc = read_first(x, paths, 2, (size_t)(KVP_POOL_MAX_RECORDS + 1) * KVP_POOL_RECORD, &buf, &len, &where, e);
	if (rc < 0) {
		warn_add(&in->warn, warn_of_err(e->code), "KVP pool: %s", err_msg(e));
		in->kvp.state = KVP_UNKNOWN;
		in->kvp.unread |= KVP_UNREAD_PARAMS;
		return;
	}
	if (rc == 0) {
		in->kvp.state = KVP_NEVER_RAN; /* no pool file: the daemon never wrote one */
		return;
	}
	if (kvp_pool_parse((const uint8_t *)buf, len, &p, e) != 0) {
		free(buf);
		warn_add(&in->warn, W_NO_MEMORY, "KVP pool %s: %s", where, err_msg(e));
		return;
	}
	free(buf);
	na = kvp_pool_anomalies(p.flags, an, 4);
	for (i = 0; i < na; i++)
		warn_add(&in->warn, W_KVP_POOL, "KVP pool %s: %s (%zu records, %zu bytes after the last)", where, an[i],
		    p.records, p.tail);
	in->kvp.state = KVP_ACTIVE;
	in->kvp.has_params = 1;
	in->kvp.params = p.v;
	in->kvp.nparams = p.n;
}

/* The first of paths that is a file, into out (cut to size), or "" none; errors are not kept. */
static void
first_file(struct unixfs *x, const char *const *paths, size_t n, char *out, size_t size)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *f;
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (unixfs_open_file(x, paths[i], paths[i], &f, &e) == 1) {
			reader_close(f);
			snprintf(out, size, "%s", paths[i]);
			return;
		}
	}
}

/*
 * The KVP daemon as the guest installed it: Debian's package in dpkg's
 * database, the daemon's program (Debian's and Fedora/RHEL's names), its
 * systemd unit or the udev rule that starts it, and whether it starts
 * (a target wants the unit, or the udev rule is there) [23].
 */
static void
daemon(struct unixfs *x, struct install *in, struct err *e)
{
	static const char *const dpkg[] = {"/var/lib/dpkg/status"};
	static const char *const bins[] = {"/usr/sbin/hv_kvp_daemon", "/usr/sbin/hypervkvpd", "/usr/libexec/hypervkvpd"};
	static const char *const units[] = {"/usr/lib/systemd/system/hv-kvp-daemon.service",
	    "/lib/systemd/system/hv-kvp-daemon.service", "/usr/lib/systemd/system/hypervkvpd.service",
	    "/lib/systemd/system/hypervkvpd.service"};
	static const char *const wants[] = {"/etc/systemd/system/multi-user.target.wants/hv-kvp-daemon.service",
	    "/etc/systemd/system/multi-user.target.wants/hypervkvpd.service",
	    "/usr/lib/udev/rules.d/70-hypervkvp.rules", "/lib/udev/rules.d/70-hypervkvp.rules"};
	static const char *const rpm[] = {"/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite",
	    "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db"};
	char *buf, ver[64], on[80];
	const char *which;
	size_t len;

	in->kvp.daemon.known = 1;
	if (read_first(x, dpkg, 1, DPKG_MAX, &buf, &len, &which, e) == 1) {
		in->os.packages = "dpkg";
		if (linux_dpkg_installed(buf, len, "hyperv-daemons", ver, sizeof ver) == 1)
			snprintf(in->kvp.daemon.package, sizeof in->kvp.daemon.package, "hyperv-daemons%s%s", ver[0] ? " " : "",
			    ver);
		if (linux_dpkg_kernels(buf, len, &in->os.kernels, &in->os.nkernels) != 0)
			warn_add(&in->warn, W_NO_MEMORY, "%s: out of memory", which);
		free(buf);
	}
	err_clear(e);
	if (in->os.packages == NULL) { /* RPM's database (Fedora, RHEL, SUSE): named, not read */
		first_file(x, rpm, sizeof rpm / sizeof rpm[0], on, sizeof on);
		if (on[0] != '\0')
			in->os.packages = "rpm";
	}
	first_file(x, bins, sizeof bins / sizeof bins[0], in->kvp.daemon.binary, sizeof in->kvp.daemon.binary);
	first_file(x, units, sizeof units / sizeof units[0], in->kvp.daemon.unit, sizeof in->kvp.daemon.unit);
	first_file(x, wants, sizeof wants / sizeof wants[0], on, sizeof on);
	in->kvp.daemon.enabled = on[0] != '\0';
	if (in->kvp.daemon.unit[0] == '\0' && strstr(on, "udev") != NULL)
		snprintf(in->kvp.daemon.unit, sizeof in->kvp.daemon.unit, "%s", on);
}

/* The architecture the guest's programs were built for: the ELF header of its shell. */
static void
arch(struct unixfs *x, struct install *in, struct err *e)
{
	static const char *const shells[] = {"/bin/sh", "/usr/bin/sh"};
	uint8_t h[64];
	const char *a;
	struct reader *f;
	ssize_t n;
	size_t i;

	for (i = 0; i < 2; i++) {
		err_clear(e);
		if (unixfs_open_file(x, shells[i], shells[i], &f, e) != 1)
			continue;
		n = reader_read(f, h, sizeof h, 0, e);
		reader_close(f);
		if (n > 0 && (a = linux_elf_arch(h, (size_t)n)) != NULL) {
			in->os.arch = strdup(a);
			break;
		}
	}
	err_clear(e);
}

/*
 * The host's build the guest's kernel logged, from the newest end of its
 * text logs: the boot log first (the last boot's), then the kernel's,
 * RHEL's and Debian's logs.
 */
static void
host_build(struct unixfs *x, struct install *in, struct err *e)
{
	static const char *const machine_id[] = {"/etc/machine-id"};
	char journal[96] = "", *id = NULL;
	const char *logs[] = {"/var/log/dmesg", "/var/log/kern.log", "/var/log/messages", "/var/log/syslog", journal};
	const char *which;
	struct linux_build b;
	struct reader *f;
	size_t i, len;
	int rc;

	/* systemd's journal, where no syslog daemon writes text logs (Debian 12): its active file,
	 * in the folder of the machine's id; the kernel's short messages are stored uncompressed */
	if (read_first(x, machine_id, 1, 64, &id, &len, &which, e) == 1 && len >= 32 &&
	    strspn(id, "0123456789abcdef") == 32)
		snprintf(journal, sizeof journal, "/var/log/journal/%.32s/system.journal", id);
	free(id);
	for (i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		err_clear(e);
		if (logs[i][0] == '\0' || unixfs_open_file(x, logs[i], logs[i], &f, e) != 1)
			continue;
		rc = linux_log_host_build(f, &b, e);
		reader_close(f);
		if (rc < 0)
			warn_add(&in->warn, warn_of_err(e->code), "%s: %s", logs[i], err_msg(e));
		if (rc == 1) {
			in->host.build.found = 1;
			in->host.build.major = b.major;
			in->host.build.minor = b.minor;
			in->host.build.build = b.build;
			in->host.build.number = b.number;
			in->host.build.product = cat_product((int)b.major, (int)b.minor, 1, (long)b.build);
			snprintf(in->host.build.from, sizeof in->host.build.from, "%s", logs[i]);
			if (b.kernel[0] != '\0') {
				snprintf(in->os.kernel, sizeof in->os.kernel, "%s", b.kernel);
				snprintf(in->os.kernel_from, sizeof in->os.kernel_from, "%s", logs[i]);
			}
			break;
		}
	}
	err_clear(e);
}

int
linux_collect(struct unixfs *x, struct install *in, struct err *e)
{
	static const char *const release[] = {"/etc/os-release", "/usr/lib/os-release"};
	static const char *const hostname[] = {"/etc/hostname"};
	struct linux_release lr;
	const char *which;
	char *buf;
	size_t len;
	int rc;

	if ((rc = read_first(x, release, 2, TEXT_MAX, &buf, &len, &which, e)) <= 0)
		return rc; /* no os-release: not a root file system */
	if (linux_os_release(buf, len, &lr) != 0) {
		free(buf);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	free(buf);
	in->os.family = "linux";
	in->os.product_name = lr.pretty_name ? lr.pretty_name : lr.name;
	if (lr.pretty_name != NULL)
		free(lr.name);
	free(lr.version_id);
	free(lr.id);
	free(lr.id_like);
	free(lr.version);
	if (read_first(x, hostname, 1, 256, &buf, &len, &which, e) == 1) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] != '\0')
			in->os.computer_name = buf;
		else
			free(buf);
	}
	err_clear(e);
	pool(x, in, e);
	err_clear(e);
	kvp_host(&in->kvp, &in->host);
	host_build(x, in, e);
	daemon(x, in, e);
	err_clear(e);
	arch(x, in, e);
	return 1;
}

struct reader *
linux_volume(struct stack_volume *v, struct err *e)
{
	return reader_budget_open(v->rd, LINUX_READ_BUDGET, v->name, e);
}

int
linux_find(struct stack *s, struct stack_volume *v, const struct opts *o, struct image_report *r, struct err *e)
{
	struct install found, *in;
	struct unixfs *x;
	struct reader *vol;
	int rc;

	(void)s;
	(void)o;
	if ((vol = linux_volume(v, e)) == NULL)
		return -1;
	if ((x = unixfs_open(vol, v->fs, 0, e)) == NULL) {
		reader_close(vol);
		if (e->code != ERR_UNSUPPORTED)
			return -1;
		/* valid, not something we read: said, the image still inspected */
		warn_add(&r->warn, W_UNSUPPORTED, "%s: %s", v->name, err_msg(e));
		err_clear(e);
		return 0;
	}
	install_init(&found);
	rc = linux_collect(x, &found, e);
	unixfs_close(x);
	reader_close(vol);
	if (rc <= 0 || (in = report_add_install(r)) == NULL) {
		install_free(&found);
		return rc <= 0 ? rc : err_set(e, ERR_NOMEM, "out of memory");
	}
	install_free(in); /* the defaults report_add_install gave it */
	*in = found;      /* the report owns its strings from here */
	in->partition = v->part->idx;
	verdict_host(in);
	if (verdict_spoof(in) != 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	in->wu.offered = 0;
	free(in->wu.reason);
	in->wu.reason = strdup("a Linux guest: Windows Update offers IC packages to Windows guests [41]");
	in->ic.status = IC_UNKNOWN;
	free(in->ic.reason);
	in->ic.reason = strdup("a Linux guest's integration services are its kernel's drivers and the "
	    "hyperv-daemons tools: not judged");
	return 0;
}

int
linux_boots(struct stack_volume *v, struct install *in, struct err *e)
{
	struct linux_boot *boots;
	struct reader *vol, *f = NULL;
	struct unixfs *x = NULL;
	char where[200];
	size_t i, n = 0;
	int rc = 0;

	if (!in->host.build.found)
		return 0; /* no log holds the host's build: no boot to list */
	if ((boots = calloc(LINUX_MAX_BOOTS, sizeof *boots)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if ((vol = linux_volume(v, e)) == NULL || (x = unixfs_open(vol, v->fs, 0, e)) == NULL ||
	    (rc = unixfs_open_file(x, in->host.build.from, in->host.build.from, &f, e)) != 1 ||
	    linux_log_boots(f, boots, LINUX_MAX_BOOTS, &n, e) != 0) {
		if (rc == 0)
			err_set(e, ERR_FORMAT, "%s is gone", in->host.build.from);
		rc = -1;
	} else {
		rc = 0;
	}
	for (i = 0; i < n && rc == 0; i++) {
		const struct linux_boot *b = &boots[i];
		if (b->stamp[0])
			snprintf(where, sizeof where, "%s: %s", in->host.build.from, b->stamp);
		else
			snprintf(where, sizeof where, "%s, byte %llu", in->host.build.from, (unsigned long long)b->at);
		if (hist_add_boot(&in->hist, where, (long)i, b->b.major, b->b.minor, b->b.build, b->b.number,
		    b->b.kernel) != 0)
			rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	reader_close(f);
	unixfs_close(x);
	reader_close(vol);
	free(boots);
	return rc;
}
