/* audit: one record per supervised decision, as a readable line (-v and
 * `log` rules) and as a JSON Lines object (--log).  Schema: docs/audit.md. */
#ifndef UNOTIFY_AUDIT_H
#define UNOTIFY_AUDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "call.h"
#include "unotify.h"

struct audit_rec {
	struct call *c;
	const struct rule *rule; /* NULL: the default */
	enum verdict verdict;
	int64_t value;	     /* errno for V_ERRNO, value for V_RETURN */
	int64_t result;	     /* emulation: value or -errno */
	const char *outcome; /* NULL, "interrupted", "dropped" */
	uint64_t latency_ns;
	pid_t tgid; /* 0 when unknown */
	const char *listener; /* the listener's name; NULL or "" for none */
};

/* True when a decision on RULE must be recorded at all. */
bool audit_wanted(const struct unotify_options *o, const struct rule *rule);

/* Writes the record where OPTS says. */
void audit_emit(const struct unotify_options *o, const struct audit_rec *r);

/* Holds the records' lock from before a call is answered until its record
 * is written: a task's next call (served by another worker) cannot be
 * recorded before this one.  audit_emit on the holding thread writes. */
void audit_hold(void);
void audit_release(void);

/* At the end of a run: finishes the line a stalled log fd took only part
 * of, waiting at most TIMEOUT_MS for it to take more, so that the last
 * line is whole (else it stays cut: a reader stopped for good). */
void audit_finish(int fd, int timeout_ms);

/* Records that could not be written so far, and the first error (*ERR). */
unsigned long audit_lost(int *err);

/* FN is called once, at the first record lost (from a worker: it must be
 * async-signal-safe in spirit: set a flag, send a signal). */
void audit_on_lost(void (*fn)(void));

#endif
