/* Typed engine calls about exec sessions (hijack.c creates and starts them). */

#include "api/calls.h"

#include "api/calls_req.h"

struct docker_call *
docker_exec_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/exec/", id, "/json", done, arg);
}
