/* Fuzz target for the decoders: byte 0 picks one, the rest is its input. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "api/decode.h"
#include "api/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Selector values, in this order, are what the seed corpus files start
 * with; append new decoders at the end so old seeds keep their meaning.
 */
enum {
	SEL_CONTAINER_LIST,
	SEL_CONTAINER_DETAIL,
	SEL_IMAGE_LIST,
	SEL_IMAGE_DETAIL,
	SEL_HISTORY,
	SEL_VOLUME_LIST,
	SEL_NETWORK_LIST,
	SEL_NETWORK,
	SEL_INFO,
	SEL_VERSION,
	SEL_DF,
	SEL_EVENT,
	SEL_EXEC,
	SEL_TOP,
	SEL_STATS,
	SEL_PROGRESS,
	SEL_PRUNE_REPORT,
	SEL_ID,
	SEL_ERROR_MESSAGE,
	SEL_PRETTY,
	SEL_COUNT
};

/* Copies every row, as the store does, so the copy code is fuzzed too. */
static bool
fuzz_container_list(const char *s, size_t n, char **cause)
{
	struct docker_container_list *l = decode_container_list(s, n, cause);
	struct docker_container c;

	if (l == NULL)
		return false;
	for (size_t i = 0; i < l->n; i++) {
		docker_container_copy(&c, &l->v[i]);
		(void)kvlist_get(&c.labels, "com.docker.compose.project");
		docker_container_clear(&c);
	}
	docker_container_list_free(l);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	char *cause = NULL, *str;
	void *r;
	size_t n;
	bool ok = true, checked = true;

	if (size == 0)
		return 0;
	s = (const char *)(data + 1);
	n = size - 1;

	switch (data[0] % SEL_COUNT) {
	case SEL_CONTAINER_LIST:
		ok = fuzz_container_list(s, n, &cause);
		break;
	case SEL_CONTAINER_DETAIL:
		r = decode_container_detail(s, n, &cause);
		ok = r != NULL;
		docker_container_detail_free(r);
		break;
	case SEL_IMAGE_LIST:
		r = decode_image_list(s, n, &cause);
		ok = r != NULL;
		docker_image_list_free(r);
		break;
	case SEL_IMAGE_DETAIL:
		r = decode_image_detail(s, n, &cause);
		ok = r != NULL;
		docker_image_detail_free(r);
		break;
	case SEL_HISTORY:
		r = decode_history(s, n, &cause);
		ok = r != NULL;
		docker_history_free(r);
		break;
	case SEL_VOLUME_LIST:
		r = decode_volume_list(s, n, &cause);
		ok = r != NULL;
		docker_volume_list_free(r);
		break;
	case SEL_NETWORK_LIST:
		r = decode_network_list(s, n, &cause);
		ok = r != NULL;
		docker_network_list_free(r);
		break;
	case SEL_NETWORK:
		r = decode_network(s, n, &cause);
		ok = r != NULL;
		docker_network_free(r);
		break;
	case SEL_INFO:
		r = decode_info(s, n, &cause);
		ok = r != NULL;
		docker_info_free(r);
		break;
	case SEL_VERSION:
		r = decode_version(s, n, &cause);
		ok = r != NULL;
		docker_version_free(r);
		break;
	case SEL_DF:
		r = decode_df(s, n, &cause);
		ok = r != NULL;
		docker_df_free(r);
		break;
	case SEL_EVENT:
		r = decode_event(s, n, &cause);
		ok = r != NULL;
		docker_event_free(r);
		break;
	case SEL_EXEC:
		r = decode_exec(s, n, &cause);
		ok = r != NULL;
		docker_exec_free(r);
		break;
	case SEL_TOP:
		r = decode_top(s, n, &cause);
		ok = r != NULL;
		docker_top_free(r);
		break;
	case SEL_STATS:
		r = decode_stats(s, n, &cause);
		ok = r != NULL;
		docker_stats_free(r);
		break;
	case SEL_PROGRESS:
		r = decode_progress(s, n, &cause);
		ok = r != NULL;
		docker_progress_free(r);
		break;
	case SEL_PRUNE_REPORT:
		r = decode_prune_report(s, n, &cause);
		ok = r != NULL;
		docker_prune_report_free(r);
		break;
	case SEL_ID:
		r = decode_id(s, n, &cause);
		ok = r != NULL;
		free(r);
		break;
	case SEL_ERROR_MESSAGE:
		/* Always a string, whatever the body. */
		str = decode_error_message(s, n, 500);
		if (str == NULL)
			abort();
		free(str);
		checked = false;
		break;
	case SEL_PRETTY:
		r = decode_pretty(s, n, &cause);
		ok = r != NULL;
		free(r);
		break;
	default:
		break;
	}
	/* The contract: a cause exactly when there is no result. */
	if (checked && ok == (cause != NULL))
		abort();
	free(cause);
	return 0;
}
