/* SPDX-License-Identifier: MIT */
/*
 * bdelib.c: libbde 20190102 over our readers (bde.h): a BitLocker volume
 * unlocked with one key, as a reader of its decrypted bytes.  The key goes
 * to the library and nowhere else: an error says which kind of key did not
 * unlock the volume, never the key.  libbde uses the system libbfio, so it
 * reads our volume through io/bfio.c, and a .BEK file's bytes the same way.
 *
 * Built with HV_NO_LIBBDE (the third-party recipe's builds: Windows,
 * native), bdelib_open says the library is not in this build.
 */
#include <stdlib.h>
#include <string.h>

#include "vs/bde.h"

#ifdef HV_NO_LIBBDE
struct reader *
bdelib_open(struct reader *vol, const struct bde_key *k, struct err *e)
{
	(void)vol, (void)k;
	err_set(e, ERR_UNSUPPORTED, "libbde is not in this build");
	return NULL;
}

const char *bdelib_version(void) { return NULL; }
#else
#ifndef HAVE_LIBBFIO
#define HAVE_LIBBFIO 1 /* the declarations that take libbfio handles */
#endif
#include <libbde.h>

#include "io/bfio.h"

struct unlocked {
	libbde_volume_t *v;
	struct bfio     *io;
};

static void
drop(libbde_error_t **le)
{
	libbde_error_free(le);
}

static ssize_t
ul_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct unlocked *u = r->ctx;
	libbde_error_t *le = NULL;
	ssize_t n;

	if (off > INT64_MAX)
		return err_set(e, ERR_LIMIT, "offset %llu", (unsigned long long)off);
	n = libbde_volume_read_buffer_at_offset(u->v, buf, len, (off64_t)off, &le);
	if (n < 0) {
		char bt[ERR_TRACE_MAX] = "";
		if (le != NULL)
			libbde_error_backtrace_sprint(le, bt, sizeof bt);
		drop(&le);
		err_set_yal(e, ERR_FORMAT, "read", bt, bfio_cause(u->io));
		return err_ctx(e, "libbde");
	}
	drop(&le);
	return n;
}

static void
ul_close(struct reader *r)
{
	struct unlocked *u = r->ctx;

	libbde_volume_close(u->v, NULL);
	libbde_volume_free(&u->v, NULL);
	bfio_close(u->io);
}

/* The key into the volume (before it is opened): 1, or 0 when libbde refused it. */
static int
give_key(libbde_volume_t *v, const struct bde_key *k)
{
	libbde_error_t *le = NULL;
	struct reader *m = NULL;
	struct bfio *io = NULL;
	struct err e ERR_AUTO = ERR_INIT;
	int rc = -1;

	switch (k->type) {
	case BDE_KEY_PASSPHRASE:
		rc = libbde_volume_set_utf8_password(v, k->value, k->len, &le);
		break;
	case BDE_KEY_RECOVERY:
		rc = libbde_volume_set_utf8_recovery_password(v, k->value, k->len, &le);
		break;
	case BDE_KEY_RAW: { /* libbde wants a tweak key's pointer even when it has no bytes */
		static const uint8_t none[1];
		rc = libbde_volume_set_keys(v, k->value, k->len > 32 ? 32 : k->len, k->len > 32 ? k->value + 32 : none,
		    k->len > 32 ? k->len - 32 : 0, &le);
		break;
	}
	case BDE_KEY_FILE: /* the .BEK file's bytes, read through our memory reader */
		if ((m = reader_mem_open(k->value, k->len, ".BEK", &e)) != NULL && (io = bfio_open(m, &e)) != NULL)
			rc = libbde_volume_read_startup_key_file_io_handle(v, bfio_handle(io), &le);
		bfio_close(io);
		reader_close(m);
		break;
	}
	drop(&le);
	return rc == 1;
}

struct reader *
bdelib_open(struct reader *vol, const struct bde_key *k, struct err *e)
{
	libbde_error_t *le = NULL;
	struct unlocked *u;
	struct reader *r;
	size64_t size = 0;
	const char *name = bde_key_type_name(k->type);

	if ((r = reader_alloc(sizeof *u, vol->name, e)) == NULL)
		return NULL;
	u = r->ctx;
	r->read_at = ul_read;
	r->sector_size = vol->sector_size;
	if (libbde_volume_initialize(&u->v, &le) != 1) {
		drop(&le);
		err_set(e, ERR_NOMEM, "libbde: out of memory");
		reader_close(r);
		return NULL;
	}
	r->close = ul_close;
	if (!give_key(u->v, k)) {
		err_set(e, ERR_FORMAT, "the %s was refused by libbde (not of its form)", name);
		reader_close(r);
		return NULL;
	}
	if ((u->io = bfio_open(vol, e)) == NULL) {
		reader_close(r);
		return NULL;
	}
	if (libbde_volume_open_file_io_handle(u->v, bfio_handle(u->io), LIBBDE_OPEN_READ, &le) != 1) {
		/* with a key that does not fit, libbde 20190102 fails the open itself ("unable to open volume");
		 * without one it opens a locked volume (bdeinfo): the key is what failed */
		drop(&le);
		if (bfio_cause(u->io) != NULL)
			err_set(e, ERR_IO, "the %s could not be tried: %s", name, bfio_cause(u->io));
		else
			err_set(e, ERR_FORMAT, "the %s did not unlock it", name);
		reader_close(r);
		return NULL;
	}
	if (libbde_volume_is_locked(u->v, &le) != 0) {
		drop(&le);
		err_set(e, ERR_FORMAT, "the %s did not unlock it", name);
		reader_close(r);
		return NULL;
	}
	if (libbde_volume_get_size(u->v, &size, &le) != 1 || size == 0) {
		drop(&le);
		err_set(e, ERR_FORMAT, "libbde: the unlocked volume has no size");
		reader_close(r);
		return NULL;
	}
	drop(&le);
	r->size = size;
	return r;
}

const char *bdelib_version(void) { return libbde_get_version(); }
#endif
