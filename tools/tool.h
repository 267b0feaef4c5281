/* tool: helpers shared by the unotify command's subcommands. */
#ifndef UNOTIFY_TOOL_H
#define UNOTIFY_TOOL_H

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

/* The rules of OCI seccomp profile FILE (cmd_import.c), malloc'd, or dies
 * with FAIL_STATUS. */
char *oci_rules(const char *file, int fail_status);

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
