/* dispatch: one notification from its receipt to its answer.  Decode,
 * evaluate the rules on the supervisor's own copies, wait out a delay, act
 * (errno, return, continue, emulate, kill), SEND, record.  Runs on any
 * worker; everything it keeps is in the slot, which belongs to the worker. */
#ifndef UNOTIFY_DISPATCH_H
#define UNOTIFY_DISPATCH_H

#include <linux/seccomp.h>

#include "call.h"
#include "listener.h"

struct slot {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct call call;
	struct path_arg paths[SYS_MAX_ARGS];
	const struct rule *rule; /* NULL: default */
	enum verdict verdict;
	int64_t value;
	uint64_t t0;
	pid_t tgid;	     /* for records: read while the call still waits */
	int64_t result;	     /* an emulation's value or -errno */
	const char *outcome; /* for the record: NULL, "interrupted", ... */
	/* `when` rules this call matched, and whether the count selected
	 * it: counted once per call, however often it is decided. */
	const struct rule *when_rule[4];
	bool when_hit[4];
	int nwhen;
};

/* A slot with its buffers, or NULL (no memory). */
struct slot *slot_new(void);
void slot_free(struct slot *s);

/* Decides and acts on the notification just received into s->req on L
 * (a delay is waited out here).  True when the answer is ready in s for
 * dispatch_answer; false when there is none to send (the call is gone,
 * its task killed, or refused here already). */
bool dispatch(struct listener *l, struct slot *s);

/* Sends the answer dispatch prepared and records the call.  A `stop`
 * rule ends L (listener_end) before the answer leaves. */
void dispatch_answer(struct listener *l, struct slot *s);

/* Answers the notification in s->req with ENOSYS: L no longer serves
 * (as the kernel answers once the listener is closed). */
void dispatch_refuse(struct listener *l, struct slot *s);

#endif
