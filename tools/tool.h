/* tool: helpers shared by the unotify command's subcommands. */
#ifndef UNOTIFY_TOOL_H
#define UNOTIFY_TOOL_H

#include <stddef.h>
#include <stdnoreturn.h>

#include "emulate.h"
#include "unotify.h"

/* Exit status when unotify itself fails (bad policy, no seccomp, ...). */
#define EXIT_UNOTIFY 125

/* Prints "unotify: MESSAGE" on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "unotify: MESSAGE" and exits with STATUS. */
noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints ERR as "unotify: WHERE: MESSAGE". */
void print_error(const struct unotify_error *err);

/* Loads the policy files and -e rules into a new policy with FLAGS
 * (UNOTIFY_P_*) and compiles it, or prints the error and exits with
 * FAIL_STATUS. */
/* The policy flags of --landlock=MODE (auto, require, off), or dies. */
unsigned landlock_mode(const char *s, const char *cmd);

struct unotify_policy *load_policy(char **files, int nfiles, char **rules, int nrules,
				   unsigned flags, int fail_status);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_calls(int argc, char **argv);
int cmd_groups(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_classes(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_agent(int argc, char **argv);

/* The rules of OCI seccomp profile FILE (cmd_import.c), malloc'd, or dies
 * with FAIL_STATUS. */
char *oci_rules(const char *file, int fail_status);

/* What a seccomp agent takes from the container process state runc sends
 * (agent_state.c). */
struct agent_state {
	char id[256];	 /* state.id: the container's, "?" when unknown */
	long long pid;	 /* the container process's */
	int listener;	 /* index of "seccompFd" among the fds passed */
	char policy[72]; /* from listenerMetadata policy=NAME, else "default" */
};

/* Parses the LEN bytes of state in BUF, sent with NFDS fds, into ST:
 * 0; 1 when it is incomplete so far; -1 when it is refused, with the
 * reason in *WHY. */
int agent_state(const char *buf, size_t len, int nfds, struct agent_state *st, const char **why);

/* The same for the parsed profile ROOT read from FILE: the rules
 * (malloc'd), or NULL with the reason in ERR (ERRSIZE bytes). */
struct json_t;
char *oci_rules_of(struct json_t *root, const char *file, char *err, size_t errsize);

/* The policy options of check and export: -p FILE, --profile NAME,
 * -e RULE, --seccomp-profile FILE. */
struct policy_args {
	char **files, **rules;
	int nfiles, nrules;
};

/* Takes getopt's C ('p', 'P', 'e', 'S') and its ARG into A; false for
 * another option. */
bool policy_arg(struct policy_args *a, int c, char *arg);
void policy_args_free(struct policy_args *a);

/* --seccomp-profile FILE (run, check): profiles whose rules load_policy
 * adds after the files and -e rules. */
extern char **seccomp_profiles;
extern int nseccomp_profiles;
void add_seccomp_profile(char *file);

/* The file of ready-made profile NAME (cmd_profiles.c: where it is looked
 * for), malloc'd, or dies with FAIL_STATUS saying there is none. */
char *profile_path(const char *name, int fail_status);

/* emulated, continue-only or refused-only. */
const char *emu_class_name(enum emu_class c);

#endif
