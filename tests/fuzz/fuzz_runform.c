/*
 * Fuzz target for the run form's field parsers and the prune filters: the
 * first byte picks the parser, the rest is the typed text.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/create.h"
#include "api/xalloc.h"
#include "tui/actions/prune.h"
#include "tui/actions/runform_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct docker_create_spec spec;
	struct prune_filters pf;
	char *text, *cause = NULL, *name = NULL, **words = NULL;
	int64_t v = 0;
	int max = 0;
	bool ok = false;

	if (size == 0)
		return 0;
	text = xstrndup((const char *)data + 1, size - 1);
	memset(&spec, 0, sizeof spec);
	switch (data[0] % 9) {
	case 0:
		ok = runform_parse_ports(
		    text, &spec.ports, &spec.n_ports, &cause);
		break;
	case 1:
		ok = runform_parse_mounts(
		    text, &spec.mounts, &spec.n_mounts, &cause);
		break;
	case 2:
		ok = runform_parse_env(text, &spec.env, &cause);
		break;
	case 3:
		ok = runform_parse_labels(text, &spec.labels, &cause);
		break;
	case 4:
		ok = runform_parse_memory(text, &v, &cause);
		break;
	case 5:
		ok = runform_parse_cpus(text, &v, &cause);
		break;
	case 6:
		ok = runform_parse_restart(text, &name, &max, &cause);
		break;
	case 7:
		ok = runform_split_words(text, &words, &cause);
		if (ok) {
			char *back = runform_join_words(words);

			free(back);
		}
		break;
	default:
		prune_filters_init(&pf);
		ok = prune_filters_parse(&pf, text, 1800000000, &cause);
		if (ok) {
			char *back = prune_filters_text(&pf);

			free(back);
		}
		prune_filters_done(&pf);
		break;
	}
	/* A parser either succeeds or says why, never both or neither. */
	if (ok == (cause != NULL))
		abort();
	free(cause);
	free(name);
	strv_free(words);
	create_spec_done(&spec);
	free(text);
	return 0;
}
