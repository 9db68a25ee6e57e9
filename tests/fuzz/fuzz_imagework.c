/*
 * Fuzz target for the parsers of registry and image-work data: the docker
 * config's credentials (and their lookup), a credential helper's answer,
 * the engine's search results, load lines and login answer, and base64.
 *
 * Input: one selector byte, then the document.
 *   0 config.json  1 helper answer  2 search results  3 load line
 *   4 login answer  5 base64 text (decoded, encoded, decoded again)
 *   6 a credential helper's "list" answer
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/imagework.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A failure must say why. */
static void
fuzz_cause(void *ok, char *cause)
{
	if (ok == NULL && cause == NULL)
		abort();
	free(cause);
}

static void
fuzz_config(const char *s, size_t n)
{
	static const char *const regs[] = {
	    "docker.io", "127.0.0.1:5000", "localhost", "a.example"};
	char *cause = NULL;
	struct auth_config *c = auth_config_parse(s, n, &cause);
	struct auth_creds *cr;

	fuzz_cause(c, cause);
	cause = NULL;
	/* Only lookups that run no program: no helper is configured. */
	for (size_t i = 0; c && !c->creds_store && c->n_helpers == 0 &&
			   i < sizeof regs / sizeof *regs;
	     i++) {
		cr = NULL;
		if (!auth_lookup(c, regs[i], &cr, &cause))
			abort();
		free(auth_header(cr));
		auth_creds_free(cr);
	}
	/* A build's X-Registry-Config, again only without helpers. */
	if (c && !c->creds_store && c->n_helpers == 0) {
		char *v = auth_build_config(c, &cause), *json;

		if (cause != NULL)
			abort();
		json = auth_unbase64(v, NULL);
		if (json == NULL || json[0] != '{')
			abort();
		free(json);
		free(v);
	}
	auth_config_free(c);
}

static void
fuzz_base64(const char *s, size_t n)
{
	char *text = strndup(s, n), *plain, *again, *back;
	size_t len = 0, len2 = 0;

	plain = auth_unbase64(text, &len);
	if (plain) {
		again = auth_base64(plain, len, false);
		back = auth_unbase64(again, &len2);
		if (back == NULL || len2 != len || memcmp(back, plain, len))
			abort();
		free(back);
		free(again);
	}
	free(plain);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	size_t n = size ? size - 1 : 0;
	char *cause = NULL, *st = NULL, *tok = NULL, **list;
	void *r;

	if (size == 0)
		return 0;
	switch (data[0] % 7) {
	case 0:
		fuzz_config(s, n);
		break;
	case 1:
		r = auth_helper_decode(s, n, &cause);
		fuzz_cause(r, cause);
		auth_creds_free(r);
		break;
	case 2:
		r = decode_search_list(s, n, &cause);
		fuzz_cause(r, cause);
		docker_search_list_free(r);
		break;
	case 3:
		r = decode_load_line(s, n, &cause);
		fuzz_cause(r, cause);
		docker_load_line_free(r);
		break;
	case 4:
		if (!auth_login_decode(s, n, &st, &tok, &cause))
			fuzz_cause(NULL, cause);
		free(st);
		free(tok);
		break;
	case 6:
		list = auth_helper_list_decode(s, n, &cause);
		fuzz_cause(list, cause);
		for (size_t i = 0; list && list[i]; i++)
			free(list[i]);
		free(list);
		break;
	default:
		fuzz_base64(s, n);
		break;
	}
	return 0;
}
