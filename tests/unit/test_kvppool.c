/* SPDX-License-Identifier: MIT */
/*
 * test_kvppool.c: a Linux guest's KVP pool file (reg/kvppool.c), built here
 * record by record per the kernel's struct kvp_record (512-byte key, 2,048-
 * byte value): the values as stored, what the daemon leaves after a NUL
 * (flagged, kept, never read as the value), fields without a NUL, bytes not
 * UTF-8, a size that is not whole records, empty and nameless records,
 * names stored twice, the cap; the host's version read from the values as
 * from Guest\Parameters; the record through JSONL and back unchanged.
 */
#include <stdio.h>

#include "testutil.h"
#include "facts/kvp.h"
#include "facts/verdict.h"
#include "reg/kvppool.h"
#include "report/json_in.h"
#include "report/out.h"

/* Record i of buf: key k and value field v (vlen bytes of it, the rest zeros). */
static void
put(uint8_t *buf, size_t i, const char *k, const void *v, size_t vlen)
{
	uint8_t *r = buf + i * KVP_POOL_RECORD;

	memset(r, 0, KVP_POOL_RECORD);
	memcpy(r, k, strlen(k));
	memcpy(r + KVP_POOL_KEY, v, vlen);
}

static const struct regval *
named(const struct kvp_pool *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

static void
test_values(void **state)
{
	static uint8_t buf[8 * KVP_POOL_RECORD];
	struct err e ERR_AUTO = ERR_INIT;
	const struct regval *v;
	struct kvp_pool p;

	(void)state;
	put(buf, 0, "HostName", "hv.example", 11);
	put(buf, 1, "HostingSystemOsMajor", "6\0" "0", 3); /* "10" overwritten by "6": its "0" left over */
	put(buf, 2, "HostingSystemOsMinor", "3", 1);
	put(buf, 3, "VirtualMachineName", "vm\xff" "1", 5); /* not UTF-8 */
	memset(buf + 4 * KVP_POOL_RECORD, 0, KVP_POOL_RECORD); /* all zeros */
	put(buf, 5, "", "orphan", 7);                         /* a value without a key */
	put(buf, 6, "hostname", "again", 6);                  /* the name again, in another case */
	put(buf, 7, "PhysicalHostName", "HV", 3);
	memcpy(buf + 7 * KVP_POOL_RECORD + 17, "junk", 4);  /* left over after the key's NUL */
	assert_int_equal(kvp_pool_parse(buf, sizeof buf, &p, &e), 0);
	assert_int_equal(p.records, 8);
	assert_int_equal(p.empty, 1);
	assert_int_equal(p.tail, 0);
	assert_int_equal(p.flags, KVP_POOL_NAMELESS);
	assert_int_equal(p.n, 6);
	assert_non_null(v = named(&p, "HostName"));
	assert_string_equal(v->str, "hv.example");
	assert_int_equal(v->type, REG_SZ);
	assert_int_equal(v->flags, RVF_UTF8);
	assert_null(v->bin);
	assert_non_null(v = named(&p, "HostingSystemOsMajor"));
	assert_string_equal(v->str, "6");
	assert_int_equal(v->flags, RVF_UTF8 | RVF_AFTER_NUL);
	assert_int_equal(v->nbin, 4); /* the field up to its last non-zero byte and a NUL: the evidence */
	assert_memory_equal(v->bin, "6\0" "0", 4);
	assert_non_null(v = named(&p, "VirtualMachineName"));
	assert_string_equal(v->str, "vm\xef\xbf\xbd" "1");
	assert_int_equal(v->flags, RVF_UTF8 | RVF_BAD_UTF8);
	assert_int_equal(v->nbin, 5);
	assert_non_null(v = named(&p, "hostname"));
	assert_true(v->flags & RVF_DUPLICATE);
	assert_non_null(v = named(&p, "PhysicalHostName"));
	assert_string_equal(v->str, "HV");
	assert_int_equal(v->flags, RVF_UTF8 | RVF_KEY_ODD);
	kvp_pool_free(&p);
}

static void
test_shapes(void **state)
{
	static uint8_t buf[2 * KVP_POOL_RECORD + 10];
	struct err e ERR_AUTO = ERR_INIT;
	struct kvp_pool p;
	uint8_t *big;
	const char *an[4];

	(void)state;
	/* a value field with no NUL: all 2,048 bytes read, flagged; a key field with none */
	memset(buf, 0, sizeof buf);
	put(buf, 0, "K", "", 0);
	memset(buf + KVP_POOL_KEY, 'A', KVP_POOL_VALUE);
	memset(buf + KVP_POOL_RECORD, 'k', KVP_POOL_KEY);
	memcpy(buf + KVP_POOL_RECORD + KVP_POOL_KEY, "v", 1);
	assert_int_equal(kvp_pool_parse(buf, sizeof buf, &p, &e), 0);
	assert_int_equal(p.records, 2);
	assert_int_equal(p.tail, 10);
	assert_int_equal(p.flags, KVP_POOL_TAIL);
	assert_int_equal(kvp_pool_anomalies(p.flags, an, 4), 1);
	assert_string_equal(an[0], "size-not-whole-records");
	assert_int_equal(p.n, 2);
	assert_int_equal(strlen(p.v[0].str), KVP_POOL_VALUE);
	assert_int_equal(p.v[0].flags, RVF_UTF8 | RVF_NO_NUL);
	assert_int_equal(strlen(p.v[1].name), KVP_POOL_KEY);
	assert_int_equal(p.v[1].flags, RVF_UTF8 | RVF_KEY_ODD);
	kvp_pool_free(&p);
	/* nothing; less than a record */
	assert_int_equal(kvp_pool_parse(buf, 0, &p, &e), 0);
	assert_int_equal(p.n + p.records + p.flags, 0);
	kvp_pool_free(&p);
	assert_int_equal(kvp_pool_parse(buf, 100, &p, &e), 0);
	assert_int_equal(p.records, 0);
	assert_int_equal(p.flags, KVP_POOL_TAIL);
	kvp_pool_free(&p);
	/* over the cap: the first KVP_POOL_MAX_RECORDS read, said */
	assert_non_null(big = calloc(KVP_POOL_MAX_RECORDS + 1, KVP_POOL_RECORD));
	for (size_t i = 0; i <= KVP_POOL_MAX_RECORDS; i++)
		put(big, i, "K", "v", 1);
	assert_int_equal(kvp_pool_parse(big, (size_t)(KVP_POOL_MAX_RECORDS + 1) * KVP_POOL_RECORD, &p, &e), 0);
	assert_int_equal(p.n, KVP_POOL_MAX_RECORDS);
	assert_int_equal(p.flags, KVP_POOL_CAPPED);
	kvp_pool_free(&p);
	free(big);
}

/* A pool's values as an installation's Guest\Parameters: the host read from them, through JSONL and back. */
static void
test_as_parameters(void **state)
{
	static uint8_t buf[4 * KVP_POOL_RECORD];
	struct err e ERR_AUTO = ERR_INIT;
	struct image_report r, back;
	struct install *in;
	struct kvp_pool p;
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	FILE *f;
	int asked;

	(void)state;
	put(buf, 0, "HostingSystemOsMajor", "10", 3);
	put(buf, 1, "HostingSystemOsMinor", "0\0" "9", 3);
	put(buf, 2, "PhysicalHostNameFullyQualified", "h\xc3\xa9.example", 12);
	put(buf, 3, "VirtualMachineId", "\xff", 1);
	buf[3 * KVP_POOL_RECORD + 20] = 'x'; /* the key's leftover */
	assert_int_equal(kvp_pool_parse(buf, sizeof buf, &p, &e), 0);
	memset(&r, 0, sizeof r);
	r.path = "linux.vhdx";
	assert_non_null(in = report_add_install(&r));
	in->kvp.has_params = 1;
	in->kvp.params = p.v;
	in->kvp.nparams = p.n;
	kvp_host(&in->kvp, &in->host);
	verdict_host(in);
	assert_int_equal(in->host.major, 10);
	assert_int_equal(in->host.minor, 0);
	assert_non_null(f = open_memstream(&a, &alen));
	assert_int_equal(out_jsonl(f, &r, 0), 0);
	fclose(f);
	assert_non_null(strstr(a, "\"type\":\"KVP_SZ\""));
	assert_non_null(strstr(a, "\"anomalies\":[\"data-after-nul\"],\"raw\":\"30003900\""));
	assert_non_null(strstr(a, "\"key-not-clean\""));
	assert_int_equal(report_from_json(a, alen, &back, &asked, &e), 0);
	assert_non_null(f = open_memstream(&b, &blen));
	assert_int_equal(out_jsonl(f, &back, 0), 0);
	fclose(f);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	report_free(&back);
	report_free(&r);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_as_parameters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
