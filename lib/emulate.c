/* emulate: one handler per syscall family (see emulate.h). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "call.h"
#include "cleanup.h"
#include "emulate.h"

/* Resolves path argument ARG and takes on the target's credentials (the
 * caller gives them back).  Returns 0 with the object in c->path[arg], or
 * the call's -errno in *result (returning 1), or -ESRCH. */
static int _object(struct call *c, int arg, int64_t *result)
{
	int ret = call_resolve_path(c, arg);

	if (ret == -ESRCH)
		return ret;
	if (ret == 0 && c->path[arg]->unnamed)
		ret = -EACCES;
	if (ret == 0 && c->path[arg]->resolve_err)
		ret = -c->path[arg]->resolve_err;
	if (ret == 0)
		ret = call_enter_creds(c);
	if (ret == -ESRCH)
		return ret;
	if (ret < 0) {
		*result = ret;
		return 1;
	}
	return 0;
}

/* mkdir(pathname, mode) and mkdirat(dirfd, pathname, mode).  The umask is
 * the target's, applied by the kernel (so default ACLs work as they would). */
static int _mkdir_at(struct call *c, int patharg, int modearg, int64_t *result)
{
	mode_t mode = (mode_t)call_arg(c, modearg);
	const struct path_arg *p;
	int ret = _object(c, patharg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[patharg];
	*result = mkdirat(p->dirfd, p->base, mode) < 0 ? -errno : 0;
	call_leave_creds(c);
	return 0;
}

static int _mkdir(struct call *c, int64_t *result)
{
	return _mkdir_at(c, 0, 1, result);
}

static int _mkdirat(struct call *c, int64_t *result)
{
	return _mkdir_at(c, 1, 2, result);
}

static const struct {
	const char *name;
	emulate_fn fn;
} handlers[] = {
	{ "mkdir", _mkdir },
	{ "mkdirat", _mkdirat },
};

emulate_fn emulate_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(handlers); i++)
		if (strcmp(handlers[i].name, name) == 0)
			return handlers[i].fn;
	return NULL;
}

const char *emulate_list(void)
{
	return "mkdir, mkdirat";
}
