/* SPDX-License-Identifier: MIT */
/*
 * facts.h: what one Windows installation is, as the facts layer fills it
 * (os.c, kvp.c, services.c from the hives; verdict.c from the catalogue)
 * and the report prints it: plain data, owned by the installation
 * (install_free).  Absent facts are data: -1 for an unknown number, NULL
 * for an unknown string, has_* = 0 for an absent key; what could not be
 * read says so (kvp.unread, service.unread) and is a warning.
 */
#ifndef HV_FACTS_H
#define HV_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/regval.h"
#include "base/warn.h"

/*
 * The closed sets of the facts: each an enum, its words (the report's:
 * JSON, CSV, text) in one table (facts.c), read with *_name and *_named.
 */
enum kvp_state { KVP_UNKNOWN, KVP_ACTIVE, KVP_DISABLED, KVP_NEVER_RAN, KVP_NSTATES };
enum ic_status { IC_UNKNOWN, IC_CURRENT, IC_OUTDATED, IC_NEWER_THAN_HOST, IC_IN_BOX, IC_NSTATUSES };
/* The checks an IC package makes before it installs (wu_verdict.checks). */
enum wu_check { CHECK_GUEST_OS, CHECK_KVP_PRESENT, CHECK_HOST_MAJOR, CHECK_HOST_MINOR, CHECK_IC_VERSION, CHECK_NKINDS };
/* How much a spoof indicator, or an observation of the host, can be trusted. */
enum strength { STRENGTH_STRONG, STRENGTH_WEAK, STRENGTH_N };

const char *kvp_state_name(enum kvp_state s);     /* "active" | "disabled" | "never-ran" | "unknown" */
const char *ic_status_name(enum ic_status s);     /* "current" | "outdated" | "newer-than-host" | "in-box" | "unknown" */
const char *wu_check_name(enum wu_check c);       /* "guest-os" | "kvp-present" | "host-major" | "host-minor" | "ic-version" */
const char *strength_name(enum strength s);       /* "strong" | "weak" */
/* The value of a word, as the functions above print it: 0 with *out set, or -1. */
int kvp_state_named(const char *word, enum kvp_state *out);
int ic_status_named(const char *word, enum ic_status *out);
int wu_check_named(const char *word, enum wu_check *out);
int strength_named(const char *word, enum strength *out);

struct os_facts {
	const char *family;           /* static: "windows" | "linux"; NULL unknown */
	char *product_name, *edition, *installation_type, *arch, *current_version;
	char *computer_name;          /* SYSTEM\...\Control\ComputerName\ComputerName, or NULL */
	const char *name;             /* the catalogue's name for NT + type + build, or NULL */
	int   nt_major, nt_minor;     /* -1 unknown */
	long  build, ubr;             /* -1 unknown */
	/* A Linux guest: its package database, the kernels installed and the one that last booted */
	const char *packages;         /* static: "dpkg" (read), "rpm" (present, not read), NULL none found */
	char      **kernels;          /* releases dpkg has installed, in its order */
	size_t      nkernels;
	char        kernel[72];       /* the release the newest boot in the logs ran, or "" */
	char        kernel_from[96];  /* the log it was read from */
};

struct kvp_facts {
	enum kvp_state state;
	long           service_start; /* vmickvpexchange Start; -1 unknown */
	int            unread;        /* a key the state rests on could not be read (KVP_UNREAD_*) */
	int            has_params;    /* Guest\Parameters exists */
	uint64_t       params_filetime;
	struct regval *params;
	size_t         nparams;
	int            has_auto;
	struct regval *autov;
	size_t         nauto;
	int            has_external;
	char         **external;      /* subkey and value names under ...\External */
	size_t         nexternal;
	/* A Linux guest: the KVP daemon as installed (the Linux form of the service's Start) */
	struct {
		int  known;                   /* a Linux guest: the rest says what was found */
		char package[96];             /* "hyperv-daemons 6.1.0-1" (dpkg), "" none found */
		char binary[48];              /* "/usr/sbin/hv_kvp_daemon", "" none */
		char unit[80];                /* its systemd unit or udev rule, "" none */
		int  enabled;                 /* 1 a systemd target wants it or a udev rule starts it; 0 */
	} daemon;
};

struct host_facts {
	int         major, minor;     /* -1 unknown */
	const char *source[2];        /* names of the values used, as stored (borrowed from kvp) */
	size_t      nsource;
	size_t      stored[2];        /* how many values have each source's name (>1: the first was used) */
	const char *name;             /* catalogue name of major.minor, or NULL */
	long        edition_id;       /* HostingSystemEditionId; -1 unknown */
	const char *edition;          /* its PRODUCT_* name, or NULL */
	long        nested_level;     /* HostingSystemNestedLevel; -1 unknown */
	const char *processor_arch;   /* from HostingSystemProcessorArchitecture, or NULL */
	int         legacy_values_only; /* only the four values Virtual Server/Virtual PC wrote */
	int         assumed_major, assumed_minor; /* --assume-host; -1 when not assumed */
	/* A Linux guest: the host's build its kernel logged at boot [53] (the newest found) */
	struct {
		int         found;
		unsigned    major, minor, build, number;
		const char *product;          /* the catalogue's name of that build, or NULL */
		char        from[96];         /* the log it came from: "/var/log/kern.log" */
	} build;
};

struct ic_verdict {
	const char *installed;        /* Auto\IntegrationServicesVersion (borrowed), or NULL */
	const char *host_ships;       /* what guests of this host should hold (catalogue), or NULL */
	enum ic_status status;
	char       *reason;           /* owned, at its length (it may quote the image); NULL only when memory ran out */
};

struct check {
	enum wu_check check;
	char        value[48];
	int         passed;
};

struct wu_verdict {
	int          offered;         /* 1, 0, or -1: unknown (the sources are silent) */
	const char  *package;         /* "KB3004908" or NULL */
	const char  *installs;        /* the IC version the package installs, or NULL */
	char        *reason;          /* owned, at its length; NULL only when memory ran out */
	struct check checks[5];
	size_t       nchecks;
};

struct finding {
	char        rule[40];
	enum strength severity;
	char       *detail;           /* owned, at its length (it quotes the image) */
};

#define IC_SERVICES 8

struct service {
	const char *name;             /* "vmickvpexchange", ... */
	long        start;            /* Start value; -1 absent */
	uint64_t    filetime;         /* the service key's last-written time; 0 unknown */
	int         unread;           /* its key could not be read (start is -1) */
};

/* A hive as it was opened: whether it was dirty and what log replay did (plain data of reg/'s replay). */
struct hive_read {
	int           present;        /* the file was found and opened */
	int           replay_off;     /* --no-log-replay */
	int           dirty;          /* the primary needed recovery */
	int           base_block_bad; /* its base block was unusable */
	uint32_t      seq1, seq2;     /* the primary's sequence numbers as found */
	const char   *recovered_from[3]; /* static: "LOG1", "LOG2", "LOG", in the order applied */
	char          log_file[3][128]; /* each log's file name as stored (LOG1, LOG2, LOG order; "" none) */
	size_t        nrecovered;
	unsigned      entries_applied, pages_applied;
	char          note[400];      /* why stale, or what was left out */
	uint64_t      bins_claimed;   /* hive bins the base block claims ... */
	uint64_t      bins_present;   /* ... and what the file holds (less: truncated) */
};

/* What could not be read (kvp_facts.unread); the installation's warnings say why. */
#define KVP_UNREAD_PARAMS   0x01
#define KVP_UNREAD_AUTO     0x02
#define KVP_UNREAD_EXTERNAL 0x04
#define KVP_UNREAD_SERVICE  0x08 /* vmickvpexchange's Start (or the control set) */
#define KVP_UNREAD_SOFTWARE 0x10 /* the SOFTWARE hive as a whole */

/* One fact of a cross-check: its name in the report, both readings as text, why (all owned). */
struct xfact {
	char *fact, *ours, *libyal, *why;
};

/*
 * --cross-check (xcheck.c): the facts read a second time through the
 * libyal stack and compared.  Absent (ran = 0) without --cross-check.
 */
struct cross_check {
	int           ran;
	char          stack[4][48];   /* "libvhdi 20210425", "libfsntfs 20200921", "libregf 20201007", "libbde 20190102" */
	size_t        nstack;
	char          image[240];     /* who read the disk: "libvhdi", "file", or "ours: <why>" */
	char          ntfs[64], hive[240];
	unsigned      agreed;
	struct xfact *disagreed;      /* each owned */
	size_t        ndisagreed;
	struct xfact *explained;      /* differ for a reason the record gives (why) */
	size_t        nexplained;
	struct xfact *not_checked;    /* could not be read the second way (why: the libyal error) */
	size_t        nnot_checked;
	char         *error;          /* the second reading failed as a whole (owned), or NULL */
};

/* --history (history.h): an earlier observation folded into a later identical one. */
struct merged_obs {
	int       source;            /* enum hist_source */
	char     *where;             /* owned, or NULL */
	uint64_t  as_of;             /* FILETIME; 0 unknown */
};

/* One observation of the host: what one source shows Guest\Parameters (or a free cell) held. */
struct host_obs {
	int          source;         /* enum hist_source (history.h) */
	char        *where;          /* owned: "base.vhdx", "SOFTWARE.LOG1 sequence 212"...; NULL: live */
	uint64_t     as_of;          /* FILETIME; 0 unknown */
	const char  *as_of_basis;    /* static: "key last written", "shadow copy created", or NULL */
	enum strength evidence;
	long         rank;           /* order within one source at equal times */
	size_t       seq;            /* the order it was found in: the last tie-break (qsort is not stable) */
	char        *name, *physical_name, *vm_name, *vm_id; /* owned, NULL when not recorded */
	char        *build, *kernel;  /* a boot in a Linux guest's log: the host's build, the guest's kernel (owned or NULL) */
	int          nt_major, nt_minor; /* -1 unknown */
	long         edition_id;     /* -1 unknown */
	uint64_t     first_seen;     /* the earliest as_of of what was merged into it (0 unknown) */
	struct merged_obs *merged;   /* the earlier identical observations, oldest first (owned) */
	size_t       nmerged;
};

/* A host the history shows, strong and weak evidence never in one entry. */
struct host_seen {
	char        *name;           /* the physical host name, else the host name, else NULL (owned) */
	char        *build;          /* a host known by its build only (a Linux guest's boot log), else NULL (owned) */
	int          nt_major, nt_minor;
	enum strength evidence;
	uint64_t     first_seen, last_seen; /* FILETIME; 0 unknown */
	int          sources[7];     /* enum hist_source, each once, in order of appearance (HIST_NSOURCES) */
	size_t       nsources;
	size_t       observations;
};

struct history {
	int               ran;       /* --history was asked */
	struct host_obs  *obs;       /* oldest first, the live one last */
	size_t            nobs;
	struct host_seen *seen;
	size_t            nseen;
	char            **notes;     /* a source not read, or empty, and why */
	size_t            nnotes;
};

struct install {
	unsigned          partition;
	struct hive_read  software, system;
	struct keydump   *keys;       /* --key results, in the order asked */
	size_t            nkeys;
	struct os_facts   os;
	struct kvp_facts  kvp;
	struct host_facts host;
	struct ic_verdict ic;
	struct wu_verdict wu;
	struct finding   *spoof;
	size_t            nspoof;
	struct service    services[IC_SERVICES];
	size_t            nservices;
	struct warnings   warn;
	uint32_t          gates_failed; /* bit i: --require i failed for this installation */
	char              control_set[16]; /* what SYSTEM\Select\Current names ("" none) */
	unsigned          parts_unread; /* XC_* (xcheck.h): what our readers could not read */
	struct cross_check xc;
	struct history    hist;
};

/* Every fact of in unknown (the reasons say "not judged"). */
void install_init(struct install *in);
void install_free(struct install *in);
void keydumps_free(struct keydump *d, size_t n);
void cross_check_free(struct cross_check *xc);
void history_free(struct history *h);
void host_obs_free(struct host_obs *o);

#endif
