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

/* One decoder run: true when it gave a result (freed here). */
#define FUZZ_DECODER(fn, decode, release)                                      \
	static bool fn(const char *s, size_t n, char **cause)                  \
	{                                                                      \
		void *r = decode(s, n, cause);                                 \
		bool ok = r != NULL;                                           \
                                                                               \
		release(r);                                                    \
		return ok;                                                     \
	}

FUZZ_DECODER(fuzz_container_detail, decode_container_detail,
    docker_container_detail_free)
FUZZ_DECODER(fuzz_image_list, decode_image_list, docker_image_list_free)
FUZZ_DECODER(fuzz_image_detail, decode_image_detail, docker_image_detail_free)
FUZZ_DECODER(fuzz_history, decode_history, docker_history_free)
FUZZ_DECODER(fuzz_volume_list, decode_volume_list, docker_volume_list_free)
FUZZ_DECODER(fuzz_network_list, decode_network_list, docker_network_list_free)
FUZZ_DECODER(fuzz_network, decode_network, docker_network_free)
FUZZ_DECODER(fuzz_info, decode_info, docker_info_free)
FUZZ_DECODER(fuzz_version, decode_version, docker_version_free)
FUZZ_DECODER(fuzz_df, decode_df, docker_df_free)
FUZZ_DECODER(fuzz_event, decode_event, docker_event_free)
FUZZ_DECODER(fuzz_exec, decode_exec, docker_exec_free)
FUZZ_DECODER(fuzz_top, decode_top, docker_top_free)
FUZZ_DECODER(fuzz_stats, decode_stats, docker_stats_free)
FUZZ_DECODER(fuzz_progress, decode_progress, docker_progress_free)
FUZZ_DECODER(fuzz_prune_report, decode_prune_report, docker_prune_report_free)
FUZZ_DECODER(fuzz_id, decode_id, free)
FUZZ_DECODER(fuzz_pretty, decode_pretty, free)

/* The decoders by selector; SEL_ERROR_MESSAGE has its own contract. */
static bool (*const fuzz_decoders[SEL_COUNT])(const char *, size_t, char **) = {
    [SEL_CONTAINER_LIST] = fuzz_container_list,
    [SEL_CONTAINER_DETAIL] = fuzz_container_detail,
    [SEL_IMAGE_LIST] = fuzz_image_list,
    [SEL_IMAGE_DETAIL] = fuzz_image_detail,
    [SEL_HISTORY] = fuzz_history,
    [SEL_VOLUME_LIST] = fuzz_volume_list,
    [SEL_NETWORK_LIST] = fuzz_network_list,
    [SEL_NETWORK] = fuzz_network,
    [SEL_INFO] = fuzz_info,
    [SEL_VERSION] = fuzz_version,
    [SEL_DF] = fuzz_df,
    [SEL_EVENT] = fuzz_event,
    [SEL_EXEC] = fuzz_exec,
    [SEL_TOP] = fuzz_top,
    [SEL_STATS] = fuzz_stats,
    [SEL_PROGRESS] = fuzz_progress,
    [SEL_PRUNE_REPORT] = fuzz_prune_report,
    [SEL_ID] = fuzz_id,
    [SEL_PRETTY] = fuzz_pretty,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	char *cause = NULL, *str;
	unsigned sel;
	bool ok;

	if (size == 0)
		return 0;
	s = (const char *)(data + 1);
	sel = data[0] % SEL_COUNT;
	if (sel == SEL_ERROR_MESSAGE) {
		/* Always a string, whatever the body. */
		str = decode_error_message(s, size - 1, 500);
		if (str == NULL)
			abort();
		free(str);
		return 0;
	}
	ok = fuzz_decoders[sel](s, size - 1, &cause);
	/* The contract: a cause exactly when there is no result. */
	if (ok == (cause != NULL))
		abort();
	free(cause);
	return 0;
}
