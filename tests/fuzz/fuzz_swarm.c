/*
 * Fuzz target for the swarm decoders and helpers (api/decode_swarm.c,
 * api/stack.c). The first byte picks what reads the rest: 0 /swarm,
 * 1 /nodes, 2 /services (and the stacks made of them), 3 /tasks,
 * 4 /secrets or /configs, 5 a node's inspect edited into a spec, 6 a
 * service's, 7 a service log line's prefix, 8 a PEM certificate's expiry.
 * Besides not crashing, what comes out must hold together.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode_swarm.h"
#include "api/model.h"
#include "api/stack.h"
#include "api/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_services(const char *s, size_t n)
{
	struct docker_service_list *l = decode_service_list(s, n, NULL);
	struct stack_list *st;
	size_t total = 0;

	if (l == NULL)
		return;
	st = stack_list_make(l, NULL, NULL, NULL);
	for (size_t i = 0; i < st->n; i++) {
		total += st->v[i].services.n;
		if (strv_len(st->v[i].services.ids) != st->v[i].services.n ||
		    (i > 0 && strcmp(st->v[i - 1].name, st->v[i].name) >= 0))
			abort();
	}
	for (size_t i = 0; i < l->n; i++)
		total -= l->v[i].stack != NULL;
	if (total != 0)
		abort();
	stack_list_free(st);
	docker_service_list_free(l);
}

static void
fuzz_spec(const char *s, size_t n, bool node)
{
	struct swarm_node_edit ne = {"worker", "drain", "k", "v"};
	struct swarm_service_edit se = {3, "img:1", true};
	char *cause = NULL, *out;
	int64_t version = -1;

	out = node ? swarm_node_spec(s, n, &ne, &version, &cause)
		   : swarm_service_spec(s, n, &se, &version, &cause);
	/* Either a spec or a cause, never both, never neither. */
	if ((out == NULL) == (cause == NULL))
		abort();
	free(out);
	free(cause);
}

static void
fuzz_prefix(const char *s, size_t n)
{
	char *node, *svc, *task;
	size_t k = swarm_log_prefix(s, n, &node, &svc, &task);

	if (k > n || (k == 0 && (node || svc || task)))
		abort();
	free(node);
	free(svc);
	free(task);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	size_t n = size ? size - 1 : 0;
	char *z;

	if (size == 0)
		return 0;
	switch (data[0] % 9) {
	case 0:
		docker_swarm_free(decode_swarm(s, n, NULL));
		break;
	case 1:
		docker_node_list_free(decode_node_list(s, n, NULL));
		break;
	case 2:
		fuzz_services(s, n);
		break;
	case 3:
		docker_task_list_free(decode_task_list(s, n, NULL));
		break;
	case 4:
		docker_swarm_object_list_free(
		    decode_swarm_object_list(s, n, NULL));
		break;
	case 5:
	case 6:
		fuzz_spec(s, n, data[0] % 9 == 5);
		break;
	case 7:
		fuzz_prefix(s, n);
		break;
	default:
		z = xstrndup(s, n);
		(void)swarm_pem_not_after(z);
		free(z);
		break;
	}
	return 0;
}
