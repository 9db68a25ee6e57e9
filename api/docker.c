/* The engine client on top of http: negotiation, errors, version prefix. */

#include "api/docker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/xalloc.h"

struct docker {
	struct http *http;
	struct endpoint ep;
	char api[16];
	char *engine_api;
	bool negotiated;
	struct docker_call *calls; /* live calls, to find them on cancel */
};

struct docker_call {
	struct docker *d;
	struct http_req *req;
	docker_done_fn *on_done;
	docker_data_fn *on_data;
	void *arg;
	bool ping;
	bool streaming;
	char *what; /* "GET /containers/json", for messages */
	struct docker_call *next, *prev;
};

struct docker *
docker_new(const struct endpoint *ep, char **cause)
{
	struct docker *d = xcalloc(1, sizeof *d);

	d->http = http_new(ep, cause);
	if (d->http == NULL) {
		free(d);
		return NULL;
	}
	d->ep.kind = ep->kind;
	d->ep.host_arg = xstrdup_or_null(ep->host_arg);
	d->ep.path = xstrdup_or_null(ep->path);
	d->ep.host = xstrdup_or_null(ep->host);
	d->ep.port = ep->port;
	d->ep.user = xstrdup_or_null(ep->user);
	d->ep.tls = ep->tls;
	d->ep.tls_verify = ep->tls_verify;
	d->ep.ca_file = xstrdup_or_null(ep->ca_file);
	d->ep.cert_file = xstrdup_or_null(ep->cert_file);
	d->ep.key_file = xstrdup_or_null(ep->key_file);
	snprintf(d->api, sizeof d->api, "%s", DOCKER_API_MIN);
	return d;
}

static void
docker_call_unlink(struct docker *d, struct docker_call *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		d->calls = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

static void
docker_call_free(struct docker_call *c)
{
	free(c->what);
	free(c);
}

void
docker_free(struct docker *d)
{
	if (d == NULL)
		return;
	http_free(d->http);
	while (d->calls) {
		struct docker_call *c = d->calls;

		docker_call_unlink(d, c);
		docker_call_free(c);
	}
	endpoint_done(&d->ep);
	free(d->engine_api);
	free(d);
}

struct http *
docker_http(struct docker *d)
{
	return d->http;
}

const struct endpoint *
docker_endpoint(const struct docker *d)
{
	return &d->ep;
}

const char *
docker_api_version(const struct docker *d)
{
	return d->api;
}

const char *
docker_engine_api_version(const struct docker *d)
{
	return d->engine_api;
}

bool
docker_negotiated(const struct docker *d)
{
	return d->negotiated;
}

static long
docker_version_part(const char **s)
{
	long v = 0;

	/* The header comes from the engine: saturate rather than overflow
	 * on a number that no real version has. */
	while (**s >= '0' && **s <= '9') {
		if (v < 100000000)
			v = v * 10 + (**s - '0');
		(*s)++;
	}
	if (**s == '.')
		(*s)++;
	return v;
}

int
docker_version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		long x = docker_version_part(&a);
		long y = docker_version_part(&b);

		if (x != y)
			return x < y ? -1 : 1;
		if ((*a && (*a < '0' || *a > '9')) ||
		    (*b && (*b < '0' || *b > '9')))
			break;
	}
	return 0;
}

const char *
docker_status_str(enum docker_status st)
{
	switch (st) {
	case DOCKER_OK:
		return "ok";
	case DOCKER_ERR_CONNECT:
		return "cannot connect to the engine";
	case DOCKER_ERR_TIMEOUT:
		return "the engine did not answer in time";
	case DOCKER_ERR_TLS:
		return "TLS error";
	case DOCKER_ERR_CLOSED:
		return "the connection to the engine dropped";
	case DOCKER_ERR_HTTP:
		return "the engine refused";
	case DOCKER_ERR_DECODE:
		return "the engine's answer could not be read";
	case DOCKER_ERR_API_TOO_OLD:
		return "the engine's API is too old";
	case DOCKER_ERR_API_TOO_NEW:
		return "the engine needs a newer API than berth knows";
	case DOCKER_ERR_TOO_BIG:
		return "the engine's answer is too large";
	case DOCKER_ERR_CANCELLED:
		return "cancelled";
	case DOCKER_ERR_OTHER:
		break;
	}
	return "error";
}

/* Whether the transport error's text contains any of the words. */
static bool
docker_error_says(const struct http_result *r, const char *const *words)
{
	for (; r->error && *words; words++)
		if (strstr(r->error, *words))
			return true;
	return false;
}

/*
 * TLS failures people meet, in words: the engine wants a client
 * certificate (its alert after the handshake, or during it with TLS 1.2),
 * and TLS spoken to a port that answers plain HTTP. NULL for others.
 */
static char *
docker_tls_message(struct docker *d, const struct http_result *r)
{
	static const char *const wants_cert[] = {"alert certificate required",
	    "alert bad certificate", "alert handshake failure",
	    "alert unknown ca", NULL};
	static const char *const plain[] = {"wrong version number",
	    "packet length too long", "unknown protocol", "http request", NULL};

	if (!d->ep.tls)
		return NULL;
	if (docker_error_says(r, wants_cert))
		return d->ep.cert_file
			   ? xasprintf("the engine at %s did not accept the "
				       "client certificate %s (TLS: %s)",
				 d->ep.host_arg, d->ep.cert_file, r->error)
			   : xasprintf("the engine at %s wants a client "
				       "certificate: give --tlscert and "
				       "--tlskey, or put cert.pem and key.pem "
				       "in DOCKER_CERT_PATH",
				 d->ep.host_arg);
	/* With TLS 1.3 the alert comes after the handshake, and the engine
	 * may close the connection before it is read (libcurl then says
	 * "reset", "empty reply" or worse): without a certificate, a TLS
	 * connection closed before any answer is most likely that. */
	if (d->ep.cert_file == NULL && r->code == HTTP_ERR_CLOSED &&
	    r->status == 0)
		return xasprintf("the engine at %s closed the TLS connection "
				 "without an answer (%s); if it wants a client "
				 "certificate: give --tlscert and --tlskey, or "
				 "put cert.pem and key.pem in DOCKER_CERT_PATH",
		    d->ep.host_arg, r->error ? r->error : "closed");
	if (docker_error_says(r, plain))
		return xasprintf(
		    "%s does not speak TLS on that port (a plain "
		    "HTTP port?): use it without --tls, --tlsverify "
		    "and DOCKER_TLS_VERIFY, or the engine's TLS port",
		    d->ep.host_arg);
	return NULL;
}

/* Words for a transport failure, telling socket problems apart. */
static char *
docker_transport_message(
    struct docker *d, const struct docker_call *c, const struct http_result *r)
{
	char *diag;

	if (r->code == HTTP_ERR_CONNECT && (diag = endpoint_diagnose(&d->ep)))
		return diag;
	if ((r->code == HTTP_ERR_TLS || r->code == HTTP_ERR_CLOSED ||
		r->code == HTTP_ERR_OTHER) &&
	    (diag = docker_tls_message(d, r)))
		return diag;
	switch (r->code) {
	case HTTP_ERR_CONNECT:
		return xasprintf("cannot connect to %s: %s", d->ep.host_arg,
		    r->error ? r->error : "connection refused");
	case HTTP_ERR_RESOLVE:
		return xasprintf("unknown host in %s", d->ep.host_arg);
	case HTTP_ERR_TIMEOUT:
		return xasprintf("%s did not answer in time", d->ep.host_arg);
	case HTTP_ERR_TLS:
		return xasprintf("TLS with %s failed: %s", d->ep.host_arg,
		    r->error ? r->error : "handshake error");
	case HTTP_ERR_CLOSED:
		return xasprintf("the connection to %s dropped%s%s",
		    d->ep.host_arg, r->error ? ": " : "",
		    r->error ? r->error : "");
	case HTTP_ERR_TOO_BIG:
		return xasprintf("the engine's answer to %s is larger than "
				 "%zu MiB, berth's limit for one answer; "
				 "none of it was used",
		    c->what, HTTP_BODY_MAX >> 20);
	default:
		return xasprintf("%s: %s", d->ep.host_arg,
		    r->error ? r->error : "request failed");
	}
}

static enum docker_status
docker_map(enum http_code c)
{
	switch (c) {
	case HTTP_OK:
		return DOCKER_OK;
	case HTTP_ERR_CONNECT:
	case HTTP_ERR_RESOLVE:
		return DOCKER_ERR_CONNECT;
	case HTTP_ERR_TIMEOUT:
		return DOCKER_ERR_TIMEOUT;
	case HTTP_ERR_TLS:
		return DOCKER_ERR_TLS;
	case HTTP_ERR_CLOSED:
		return DOCKER_ERR_CLOSED;
	case HTTP_ERR_CANCELLED:
		return DOCKER_ERR_CANCELLED;
	case HTTP_ERR_TOO_BIG:
		return DOCKER_ERR_TOO_BIG;
	case HTTP_ERR_OTHER:
		break;
	}
	return DOCKER_ERR_OTHER;
}

bool
docker_api_parse(const char *s, int *major, int *minor)
{
	int part[2] = {0, 0};
	const char *p = s;

	if (s == NULL)
		return false;
	for (int i = 0; i < 2; i++) {
		int digits = 0;

		while (*p >= '0' && *p <= '9') {
			if (++digits > 4)
				return false;
			part[i] = part[i] * 10 + (*p++ - '0');
		}
		if (digits == 0 || (i == 0 && *p++ != '.'))
			return false;
	}
	if (*p != '\0' || part[0] < 1)
		return false;
	*major = part[0];
	*minor = part[1];
	return true;
}

/* s for a message: printable ASCII kept, the rest as \xNN, cut short. */
static char *
docker_quote(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char out[4 * 24 + 8];
	size_t n = 0, i;

	for (i = 0; s[i] && i < 24; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			out[n++] = (char)c;
		else {
			out[n++] = '\\';
			out[n++] = 'x';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	if (s[i])
		out[n++] = '.', out[n++] = '.', out[n++] = '.';
	out[n] = '\0';
	return xstrdup(out);
}

bool
docker_api_negotiate(const char *s, char *out, size_t out_len, char **why)
{
	int maj, min;
	char *q;

	*why = NULL;
	if (s == NULL || *s == '\0') {
		/* Very old engines send no header; the CLI then assumes 1.24. */
		*why = xasprintf("the engine did not say its API version; "
				 "berth needs API %s or newer",
		    DOCKER_API_MIN);
		return false;
	}
	if (!docker_api_parse(s, &maj, &min)) {
		q = docker_quote(s);
		*why = xasprintf("the engine's API version \"%s\" is not a "
				 "version berth can read (MAJOR.MINOR); berth "
				 "speaks API %s to %s",
		    q, DOCKER_API_MIN, DOCKER_API_MAX);
		free(q);
		return false;
	}
	if (maj < DOCKER_API_MIN_MAJOR ||
	    (maj == DOCKER_API_MIN_MAJOR && min < DOCKER_API_MIN_MINOR)) {
		*why = xasprintf("the engine speaks API %d.%d; berth needs %s "
				 "or newer (upgrade the engine)",
		    maj, min, DOCKER_API_MIN);
		return false;
	}
	/* Never above what berth knows, as the CLI never asks for more
	 * than its own version. */
	if (maj > DOCKER_API_MAX_MAJOR ||
	    (maj == DOCKER_API_MAX_MAJOR && min > DOCKER_API_MAX_MINOR)) {
		maj = DOCKER_API_MAX_MAJOR;
		min = DOCKER_API_MAX_MINOR;
	}
	snprintf(out, out_len, "%d.%d", maj, min);
	return true;
}

static void
docker_negotiate(
    struct docker *d, const char *engine, struct docker_reply *rep, char **msg)
{
	char api[sizeof d->api];
	int maj, min;

	free(d->engine_api);
	d->engine_api = NULL;
	/* Only a version that parsed is kept, rewritten from its numbers. */
	if (docker_api_parse(engine, &maj, &min))
		d->engine_api = xasprintf("%d.%d", maj, min);
	if (!docker_api_negotiate(engine, api, sizeof api, msg)) {
		rep->status = DOCKER_ERR_API_TOO_OLD;
		return;
	}
	memcpy(d->api, api, sizeof api);
	d->negotiated = true;
}

/*
 * An engine whose minimum API is above the version asked for answers 400
 * "client version 1.45 is too old. Minimum supported API version is
 * 1.50, ...". Words for that, or NULL when the answer is another.
 */
static char *
docker_too_new(const struct docker *d, const char *engine_msg)
{
	static const char key[] = "Minimum supported API version is ";
	const char *p;
	char v[16];
	size_t n = 0;
	int maj, min;

	if (engine_msg == NULL || strstr(engine_msg, "too old") == NULL ||
	    (p = strstr(engine_msg, key)) == NULL)
		return NULL;
	p += sizeof key - 1;
	while (
	    n < sizeof v - 1 && ((p[n] >= '0' && p[n] <= '9') || p[n] == '.'))
		n++;
	memcpy(v, p, n);
	v[n] = '\0';
	if (n > 0 && v[n - 1] == '.')
		v[n - 1] = '\0';
	if (!docker_api_parse(v, &maj, &min))
		return xasprintf(
		    "the engine refuses API %s as too old; berth "
		    "speaks API %s to %s (a newer berth is needed)",
		    d->api, DOCKER_API_MIN, DOCKER_API_MAX);
	return xasprintf("the engine needs API %d.%d or newer; berth speaks "
			 "API %s to %s (a newer berth is needed)",
	    maj, min, DOCKER_API_MIN, DOCKER_API_MAX);
}

static void
docker_on_done(const struct http_result *r, void *arg)
{
	struct docker_call *c = arg;
	struct docker *d = c->d;
	struct docker_reply rep;
	char *msg = NULL;

	memset(&rep, 0, sizeof rep);
	rep.status = docker_map(r->code);
	rep.http_status = r->status;
	rep.body = r->body;
	rep.len = r->body_len;
	if (rep.status != DOCKER_OK && rep.status != DOCKER_ERR_CANCELLED)
		msg = docker_transport_message(d, c, r);
	else if (rep.status == DOCKER_OK && r->status >= 400) {
		char *why;

		rep.status = DOCKER_ERR_HTTP;
		msg = decode_error_message(rep.body, rep.len, r->status);
		if (r->status == 400 && (why = docker_too_new(d, msg))) {
			rep.status = DOCKER_ERR_API_TOO_NEW;
			free(msg);
			msg = why;
		} else if (r->status == 400 && !d->ep.tls && rep.body &&
			   strstr(
			       rep.body, "HTTP request to an HTTPS server")) {
			/* The engine's TLS port, spoken to without TLS. */
			rep.status = DOCKER_ERR_TLS;
			free(msg);
			msg = xasprintf("%s wants TLS on that port: use --tls "
					"or --tlsverify (or DOCKER_TLS=1, "
					"DOCKER_TLS_VERIFY=1)",
			    d->ep.host_arg);
		}
	} else if (rep.status == DOCKER_OK && c->ping)
		docker_negotiate(d, r->api_version, &rep, &msg);
	rep.message = msg;

	docker_call_unlink(d, c);
	if (c->on_done)
		c->on_done(&rep, c->arg);
	free(msg);
	docker_call_free(c);
}

static bool
docker_on_data(const char *data, size_t len, void *arg)
{
	struct docker_call *c = arg;

	return c->on_data(data, len, c->arg);
}

static struct docker_call *
docker_call_new(struct docker *d, docker_done_fn *done, void *arg)
{
	struct docker_call *c = xcalloc(1, sizeof *c);

	c->d = d;
	c->on_done = done;
	c->arg = arg;
	c->next = d->calls;
	if (d->calls)
		d->calls->prev = c;
	d->calls = c;
	return c;
}

struct docker_call *
docker_ping(struct docker *d, docker_done_fn *done, void *arg)
{
	struct docker_call *c = docker_call_new(d, done, arg);
	struct http_opts o = {
	    .path = "/_ping",
	    .on_done = docker_on_done,
	    .arg = c,
	    .timeout_ms = 10000,
	};

	c->ping = true;
	c->what = xstrdup("GET /_ping");
	c->req = http_submit(d->http, &o);
	return c;
}

/*
 * What every request shares: a new call for done and arg, o sent to path
 * under the API version, its chunks to on_data when that is not NULL.
 */
static struct docker_call *
docker_send(struct docker *d, const char *path, struct http_opts *o,
    docker_data_fn *on_data, docker_done_fn *done, void *arg)
{
	struct docker_call *c = docker_call_new(d, done, arg);
	char *full = xasprintf("/v%s%s", d->api, path);

	o->path = full;
	o->on_done = docker_on_done;
	o->arg = c;
	c->what = xasprintf("%s %s", o->method ? o->method : "GET", path);
	if (on_data) {
		c->streaming = true;
		c->on_data = on_data;
		o->on_data = docker_on_data;
	}
	c->req = http_submit(d->http, o);
	free(full);
	return c;
}

static struct docker_call *
docker_submit(struct docker *d, const char *method, const char *path,
    const char *const *headers, const char *body, size_t body_len,
    docker_data_fn *on_data, docker_done_fn *done, void *arg)
{
	struct http_opts o = {
	    .method = method,
	    .body = body,
	    .body_len = body ? body_len : 0,
	    .headers = headers,
	    /* A hung engine must not hang a plain request for ever;
		 * streams (logs, events, pulls) may be silent for long. */
	    .timeout_ms = on_data                      ? 0
			  : strcmp(method, "GET") == 0 ? 60000
						       : 300000,
	};

	return docker_send(d, path, &o, on_data, done, arg);
}

struct docker_call *
docker_request(struct docker *d, const char *method, const char *path,
    const char *body, size_t body_len, docker_done_fn *done, void *arg)
{
	return docker_submit(
	    d, method, path, NULL, body, body_len, NULL, done, arg);
}

struct docker_call *
docker_get(struct docker *d, const char *path, docker_done_fn *done, void *arg)
{
	return docker_submit(d, "GET", path, NULL, NULL, 0, NULL, done, arg);
}

struct docker_call *
docker_stream(struct docker *d, const char *method, const char *path,
    const char *body, size_t body_len, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg)
{
	return docker_submit(
	    d, method, path, NULL, body, body_len, on_data, on_done, arg);
}

struct docker_call *
docker_stream_ex(struct docker *d, const char *method, const char *path,
    const char *const *headers, const char *body, size_t body_len,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	return docker_submit(
	    d, method, path, headers, body, body_len, on_data, on_done, arg);
}

struct docker_call *
docker_upload(struct docker *d, const char *method, const char *path,
    const char *const *headers, const struct docker_upload *up,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct http_opts o = {
	    .method = method,
	    .content_type = up->content_type,
	    .headers = headers,
	    .on_read = up->read,
	    .read_arg = up->arg,
	    .read_size = up->size,
	    .idle_ms = 120000,
	};

	return docker_send(d, path, &o, on_data, on_done, arg);
}

void
docker_cancel(struct docker *d, struct docker_call *c)
{
	if (c == NULL)
		return;
	http_cancel(d->http, c->req);
	docker_call_unlink(d, c);
	docker_call_free(c);
}

void
docker_sync_fill(const struct docker_reply *r, void *result)
{
	struct docker_result *out = result;

	out->status = r->status;
	out->http_status = r->http_status;
	out->body = xstrndup(r->body ? r->body : "", r->len);
	out->len = r->len;
	out->message = xstrdup_or_null(r->message);
}

struct docker_sync_state {
	struct docker_result *out;
	bool done;
};

static void
docker_sync_done(const struct docker_reply *r, void *arg)
{
	struct docker_sync_state *s = arg;

	docker_sync_fill(r, s->out);
	s->done = true;
}

void
docker_sync(struct docker *d, const char *method, const char *path,
    const char *body, struct docker_result *out)
{
	struct docker_sync_state s = {out, false};

	memset(out, 0, sizeof *out);
	docker_request(d, method, path, body, body ? strlen(body) : 0,
	    docker_sync_done, &s);
	while (!s.done)
		http_step(d->http, 1000);
}

void
docker_sync_ping(struct docker *d, struct docker_result *out)
{
	struct docker_sync_state s = {out, false};

	memset(out, 0, sizeof *out);
	docker_ping(d, docker_sync_done, &s);
	while (!s.done)
		http_step(d->http, 1000);
}

void
docker_result_done(struct docker_result *r)
{
	free(r->body);
	free(r->message);
	memset(r, 0, sizeof *r);
}
