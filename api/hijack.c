/*
 * Hijacked connections for attach and exec, on libcurl's connect-only mode
 * so that unix sockets, TCP, TLS and ssh are one code path; plus the blocking
 * exec, resize and wait calls around them, and the detach-key matcher.
 */

#include "api/hijack.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "api/decode.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/stream.h"
#include "api/xalloc.h"

/* How long the engine may take to answer the upgrade request. */
#define HIJACK_HEAD_TIMEOUT_MS 30000
/* A response head longer than this is not an engine's. */
#define HIJACK_HEAD_MAX (64 * 1024)
#define HIJACK_ERROR_BODY_MAX (1024 * 1024)
/* Limits for the blocking calls, so that a hung engine cannot keep the
 * terminal: resizes are small and frequent, the others are quick too. */
#define HIJACK_CALL_TIMEOUT_MS 30000
#define HIJACK_RESIZE_TIMEOUT_MS 3000
/* How long ssh may take to finish its error message after a failure. */
#define HIJACK_SSH_ERROR_WAIT_MS 250

struct hijack {
	CURL *easy;
	int fd;
	long status;
	char *content_type;
	struct buf pending; /* stream bytes that came with the head */
	size_t pending_off;
	bool eof;
	bool tls;
	struct http_conn conn; /* how it got its connection (ssh: which) */
	bool head_dropped; /* the connection ended before the answer */
	char *error;
	char errbuf[CURL_ERROR_SIZE];
};

/* What the response head said. */
struct hijack_head {
	long status;
	char *content_type;
	long long content_length; /* -1: not given */
	bool chunked;
};

static long long
hijack_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline passes. */
static bool
hijack_wait_fd(int fd, short events, long long deadline)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	long long left;
	int rc;

	for (;;) {
		left = deadline - hijack_now_ms();
		if (left <= 0)
			return false;
		rc = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
		if (rc > 0)
			return true;
		if (rc < 0 && errno != EINTR)
			return false;
	}
}

static void
hijack_set_error(struct hijack *h, const char *what, CURLcode rc)
{
	free(h->error);
	h->error = xasprintf(
	    "%s: %s", what, h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
}

ssize_t
hijack_recv(struct hijack *h, void *dst, size_t len)
{
	size_t n = 0;
	CURLcode rc;

	if (h->pending_off < h->pending.len) {
		n = h->pending.len - h->pending_off;
		if (n > len)
			n = len;
		memcpy(dst, h->pending.data + h->pending_off, n);
		h->pending_off += n;
		if (h->pending_off == h->pending.len) {
			buf_reset(&h->pending);
			h->pending_off = 0;
		}
		return (ssize_t)n;
	}
	if (h->eof)
		return 0;
	if (len == 0)
		return 0;
	h->errbuf[0] = '\0';
	rc = curl_easy_recv(h->easy, dst, len, &n);
	if (rc == CURLE_AGAIN) {
		errno = EAGAIN;
		return -1;
	}
	if (rc != CURLE_OK) {
		hijack_set_error(h, "receive", rc);
		errno = EIO;
		return -1;
	}
	if (n == 0) {
		h->eof = true;
		return 0;
	}
	return (ssize_t)n;
}

ssize_t
hijack_send(struct hijack *h, const void *src, size_t len)
{
	size_t n = 0;
	CURLcode rc;

	if (len == 0)
		return 0;
	h->errbuf[0] = '\0';
	rc = curl_easy_send(h->easy, src, len, &n);
	if (rc == CURLE_AGAIN) {
		errno = EAGAIN;
		return -1;
	}
	if (rc != CURLE_OK) {
		hijack_set_error(h, "send", rc);
		errno = EIO;
		return -1;
	}
	return (ssize_t)n;
}

bool
hijack_send_all(struct hijack *h, const void *src, size_t len, int timeout_ms)
{
	const char *p = src;
	long long deadline = hijack_now_ms() + timeout_ms;
	ssize_t n;

	while (len > 0) {
		n = hijack_send(h, p, len);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			return false;
		if (!hijack_wait_fd(h->fd, POLLOUT, deadline)) {
			free(h->error);
			h->error = xstrdup("send: the engine stopped reading");
			return false;
		}
	}
	return true;
}

bool
hijack_close_write(struct hijack *h)
{
	/* A TLS half-close needs a close_notify that libcurl cannot send
	 * without closing the whole connection. */
	if (h->tls)
		return false;
	return shutdown(h->fd, SHUT_WR) == 0;
}

int
hijack_fd(const struct hijack *h)
{
	return h->fd;
}

long
hijack_status(const struct hijack *h)
{
	return h->status;
}

const char *
hijack_content_type(const struct hijack *h)
{
	return h->content_type;
}

const char *
hijack_error(const struct hijack *h)
{
	return h->error;
}

void
hijack_free(struct hijack *h)
{
	if (h == NULL)
		return;
	if (h->easy)
		curl_easy_cleanup(h->easy);
	http_conn_done(&h->conn);
	free(h->content_type);
	free(h->error);
	buf_done(&h->pending);
	free(h);
}

/* Words for a failed connect, like the console's other requests. */
static char *
hijack_connect_message(
    const struct endpoint *ep, CURLcode rc, const char *errbuf)
{
	const char *where = ep->host_arg ? ep->host_arg : "the engine";
	const char *err = errbuf[0] ? errbuf : curl_easy_strerror(rc);
	char *diag;

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if ((diag = endpoint_diagnose(ep)) != NULL)
			return diag;
		return xasprintf("cannot connect to %s: %s", where, err);
	case CURLE_COULDNT_RESOLVE_HOST:
		return xasprintf("unknown host in %s", where);
	case CURLE_OPERATION_TIMEDOUT:
		return xasprintf("%s did not answer in time", where);
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return xasprintf("TLS with %s failed: %s", where, err);
	default:
		return xasprintf("%s: %s", where, err);
	}
}

/*
 * Over ssh a failure shows as a closed socket: replaces *cause with what
 * ssh said, when it said something.
 */
static void
hijack_ssh_cause(struct hijack *h, char **cause)
{
	char *why = http_conn_error(&h->conn, HIJACK_SSH_ERROR_WAIT_MS);

	if (why) {
		free(*cause);
		*cause = why;
	}
}

/*
 * Connects (and shakes hands for TLS) without sending anything; over ssh,
 * starts the ssh process of the connection. owner: the client's http.
 */
static struct hijack *
hijack_connect(
    const struct endpoint *ep, const void *owner, const char *url, char **cause)
{
	struct hijack *h = xcalloc(1, sizeof *h);
	curl_socket_t s = CURL_SOCKET_BAD;
	CURLcode rc;
	CURL *e;

	buf_init(&h->pending);
	h->fd = -1;
	h->tls = ep->tls;
	h->easy = e = curl_easy_init();
	if (e == NULL) {
		*cause = xstrdup("libcurl could not be initialised");
		hijack_free(h);
		return NULL;
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	h->conn.ep = ep;
	h->conn.owner = owner;
	http_conn_setup(&h->conn, e);
	rc = curl_easy_perform(e);
	if (rc != CURLE_OK) {
		*cause = hijack_connect_message(ep, rc, h->errbuf);
		hijack_ssh_cause(h, cause);
		hijack_free(h);
		return NULL;
	}
	if (curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &s) != CURLE_OK ||
	    s == CURL_SOCKET_BAD) {
		*cause = xstrdup("libcurl gave no socket for the connection");
		hijack_free(h);
		return NULL;
	}
	h->fd = (int)s;
	return h;
}

/* Parses the head in s[0..n) (without the blank line). */
static bool
hijack_parse_head(const char *s, size_t n, struct hijack_head *hd)
{
	const char *p = s, *end = s + n, *eol;
	char *v;
	int vmaj, vmin;

	memset(hd, 0, sizeof *hd);
	hd->content_length = -1;
	eol = memchr(p, '\r', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	{
		char line[64];
		size_t ll = (size_t)(eol - p) < sizeof line - 1
				? (size_t)(eol - p)
				: sizeof line - 1;

		memcpy(line, p, ll);
		line[ll] = '\0';
		if (sscanf(line, "HTTP/%d.%d %ld", &vmaj, &vmin, &hd->status) !=
			3 ||
		    hd->status < 100 || hd->status > 999)
			return false;
	}
	p = eol;
	while (p < end) {
		while (p < end && (*p == '\r' || *p == '\n'))
			p++;
		if (p >= end)
			break;
		eol = p;
		while (eol < end && *eol != '\r' && *eol != '\n')
			eol++;
		if ((v = http_header_value(
			 p, (size_t)(eol - p), "Content-Type")) != NULL) {
			free(hd->content_type);
			hd->content_type = v;
		} else if ((v = http_header_value(p, (size_t)(eol - p),
				"Content-Length")) != NULL) {
			hd->content_length = strtoll(v, NULL, 10);
			free(v);
		} else if ((v = http_header_value(p, (size_t)(eol - p),
				"Transfer-Encoding")) != NULL) {
			hd->chunked = strcasecmp(v, "chunked") == 0;
			free(v);
		}
		p = eol;
	}
	return true;
}

/*
 * Decodes a chunked body in s[0..n) into out. Returns true once the last
 * (empty) chunk was seen; false while more is needed.
 */
static bool
hijack_dechunk(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	buf_reset(out);
	for (;;) {
		const char *eol = memchr(s + i, '\n', n - i);
		unsigned long long size;
		char *endp;

		if (eol == NULL)
			return false;
		size = strtoull(s + i, &endp, 16);
		if (endp == s + i)
			return true; /* malformed: take what we have */
		i = (size_t)(eol - s) + 1;
		if (size == 0)
			return true;
		if (size > n - i)
			return false;
		buf_append(out, s + i, (size_t)size);
		i += (size_t)size;
		while (i < n && (s[i] == '\r' || s[i] == '\n'))
			i++;
	}
}

/* Reads an error answer's body and turns it into the engine's words. */
static char *
hijack_error_body(struct hijack *h, const struct hijack_head *hd,
    const char *first, size_t first_len)
{
	long long deadline = hijack_now_ms() + 10000;
	struct buf raw, body;
	char tmp[4096], *msg;
	bool done = false;
	size_t n;
	CURLcode rc;

	buf_init(&raw);
	buf_init(&body);
	buf_append(&raw, first, first_len);
	for (;;) {
		if (hd->chunked)
			done = hijack_dechunk(
			    raw.data ? raw.data : "", raw.len, &body);
		else if (hd->content_length >= 0)
			done = (long long)raw.len >= hd->content_length;
		if (done || raw.len > HIJACK_ERROR_BODY_MAX)
			break;
		rc = curl_easy_recv(h->easy, tmp, sizeof tmp, &n);
		if (rc == CURLE_AGAIN) {
			if (!hijack_wait_fd(h->fd, POLLIN, deadline))
				break;
			continue;
		}
		if (rc != CURLE_OK || n == 0)
			break;
		buf_append(&raw, tmp, n);
	}
	if (!hd->chunked) {
		if (hd->content_length >= 0 &&
		    (long long)raw.len > hd->content_length)
			raw.len = (size_t)hd->content_length;
		msg = decode_error_message(raw.data, raw.len, hd->status);
	} else
		msg = decode_error_message(body.data, body.len, hd->status);
	buf_done(&raw);
	buf_done(&body);
	return msg;
}

/* Finds "\r\n\r\n" (or a bare "\n\n") in s[0..n); its end, or 0. */
static size_t
hijack_head_end(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] == '\n' && s[i + 1] == '\n')
			return i + 2;
		if (i + 3 < n && s[i] == '\r' && s[i + 1] == '\n' &&
		    s[i + 2] == '\r' && s[i + 3] == '\n')
			return i + 4;
	}
	return 0;
}

/* Reads the answer to the upgrade request; false with *cause. */
static bool
hijack_read_head(struct hijack *h, char **cause)
{
	long long deadline = hijack_now_ms() + HIJACK_HEAD_TIMEOUT_MS;
	struct hijack_head hd;
	struct buf head;
	char tmp[4096];
	size_t n, end;
	CURLcode rc;

	buf_init(&head);
	for (;;) {
		end = head.len ? hijack_head_end(head.data, head.len) : 0;
		if (end > 0) {
			if (!hijack_parse_head(head.data, end, &hd)) {
				*cause = xstrdup("the engine's answer to the "
						 "attach request is not HTTP");
				buf_done(&head);
				return false;
			}
			/* 100 Continue and the like come before the answer. */
			if (hd.status >= 100 && hd.status < 200 &&
			    hd.status != 101) {
				free(hd.content_type);
				buf_consume(&head, end);
				continue;
			}
			break;
		}
		if (head.len > HIJACK_HEAD_MAX) {
			*cause = xstrdup("the engine's answer to the attach "
					 "request has no end of headers");
			buf_done(&head);
			return false;
		}
		h->errbuf[0] = '\0';
		rc = curl_easy_recv(h->easy, tmp, sizeof tmp, &n);
		if (rc == CURLE_AGAIN) {
			if (!hijack_wait_fd(h->fd, POLLIN, deadline)) {
				*cause = xstrdup("the engine did not answer "
						 "the attach request in time");
				buf_done(&head);
				return false;
			}
			continue;
		}
		if (rc != CURLE_OK || n == 0) {
			h->head_dropped = true;
			*cause =
			    rc != CURLE_OK
				? xasprintf("the connection "
					    "to the engine failed: %s",
				      h->errbuf[0] ? h->errbuf
						   : curl_easy_strerror(rc))
				: xstrdup("the engine closed the connection "
					  "without answering");
			buf_done(&head);
			return false;
		}
		buf_append(&head, tmp, n);
	}
	if (hd.status == 101 || (hd.status >= 200 && hd.status < 300)) {
		h->status = hd.status;
		h->content_type = hd.content_type;
		buf_append(&h->pending, head.data + end, head.len - end);
		buf_done(&head);
		return true;
	}
	*cause = hijack_error_body(h, &hd, head.data + end, head.len - end);
	free(hd.content_type);
	buf_done(&head);
	return false;
}

struct hijack *
hijack_open(struct docker *d, const char *path, const char *body, char **cause)
{
	const struct endpoint *ep = docker_endpoint(d);
	char *base = endpoint_base_url(ep), *url, *host;
	size_t body_len = body ? strlen(body) : 0;
	struct hijack *h;
	struct buf req;

	*cause = NULL;
	if (ep->kind == ENDPOINT_NPIPE) {
		*cause = xstrdup("attach and exec need a unix, tcp or ssh "
				 "endpoint");
		free(base);
		return NULL;
	}
	url = xasprintf("%s/v%s%s", base, docker_api_version(d), path);
	free(base);
	h = hijack_connect(ep, docker_http(d), url, cause);
	free(url);
	if (h == NULL)
		return NULL;
	if (ep->kind == ENDPOINT_TCP)
		host = strchr(ep->host, ':')
			   ? xasprintf("[%s]:%d", ep->host, ep->port)
			   : xasprintf("%s:%d", ep->host, ep->port);
	else
		host = xstrdup("localhost");
	buf_init(&req);
	buf_printf(&req,
	    "POST /v%s%s HTTP/1.1\r\n"
	    "Host: %s\r\n"
	    "User-Agent: berth/%s\r\n"
	    "Connection: Upgrade\r\n"
	    "Upgrade: tcp\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: %zu\r\n"
	    "\r\n",
	    docker_api_version(d), path, host, BERTH_VERSION, body_len);
	if (body_len)
		buf_append(&req, body, body_len);
	free(host);
	if (!hijack_send_all(h, req.data, req.len, HIJACK_HEAD_TIMEOUT_MS)) {
		*cause = xasprintf("the attach request could not be sent: %s",
		    h->error ? h->error : "error");
		hijack_ssh_cause(h, cause);
		buf_done(&req);
		hijack_free(h);
		return NULL;
	}
	buf_done(&req);
	if (!hijack_read_head(h, cause)) {
		/* An engine's refusal stays; a dropped ssh says why. */
		if (h->head_dropped)
			hijack_ssh_cause(h, cause);
		hijack_free(h);
		return NULL;
	}
	return h;
}

struct hijack *
hijack_attach(struct docker *d, const char *container_id,
    const char *detach_keys, char **cause)
{
	char *id = http_escape(container_id), *keys = NULL, *path;
	struct hijack *h;

	if (detach_keys)
		keys = http_escape(detach_keys);
	path = xasprintf("/containers/%s/attach?stream=1&stdin=1&stdout=1&"
			 "stderr=1%s%s",
	    id, keys ? "&detachKeys=" : "", keys ? keys : "");
	h = hijack_open(d, path, NULL, cause);
	free(path);
	free(keys);
	free(id);
	return h;
}

struct hijack *
hijack_exec_start(struct docker *d, const char *exec_id, bool tty, char **cause)
{
	char *id = http_escape(exec_id), *path;
	struct hijack *h;

	path = xasprintf("/exec/%s/start", id);
	h = hijack_open(d, path,
	    tty ? "{\"Detach\":false,\"Tty\":true}"
		: "{\"Detach\":false,\"Tty\":false}",
	    cause);
	free(path);
	free(id);
	return h;
}

struct hijack_wait_state {
	struct docker_result out;
	bool done;
};

static void
hijack_wait_done(const struct docker_reply *rep, void *arg)
{
	struct hijack_wait_state *s = arg;

	s->out.status = rep->status;
	s->out.http_status = rep->http_status;
	s->out.body = xstrndup(rep->body ? rep->body : "", rep->len);
	s->out.len = rep->len;
	s->out.message = xstrdup_or_null(rep->message);
	s->done = true;
}

/*
 * A blocking request that gives up after timeout_ms (0: never): an engine
 * can hang on a call (a resize of an exec that failed to start), and the
 * terminal is ours meanwhile. 1 with the answer in *out, 0 with *cause,
 * -1 with *cause when the time ran out.
 */
static int
hijack_call(struct docker *d, const char *method, const char *path,
    const char *body, int timeout_ms, struct docker_result *out, char **cause)
{
	long long deadline = hijack_now_ms() + timeout_ms;
	struct hijack_wait_state s;
	struct docker_call *c;

	memset(&s, 0, sizeof s);
	c = docker_request(d, method, path, body, body ? strlen(body) : 0,
	    hijack_wait_done, &s);
	while (!s.done) {
		long long left = deadline - hijack_now_ms();

		if (timeout_ms > 0 && left <= 0) {
			docker_cancel(d, c);
			*cause = xasprintf("the engine did not answer %s %s in "
					   "time",
			    method, path);
			return -1;
		}
		http_step(docker_http(d),
		    timeout_ms > 0 && left < 1000 ? (int)left : 1000);
	}
	*out = s.out;
	if (out->status == DOCKER_OK)
		return 1;
	*cause = xstrdup(
	    out->message ? out->message : docker_status_str(out->status));
	docker_result_done(out);
	return 0;
}

char *
hijack_exec_create(struct docker *d, const char *container_id,
    const struct hijack_exec_opts *o, char **cause)
{
	json_t *root = json_object(), *cmd = json_array();
	struct docker_result r;
	char *id = http_escape(container_id), *path, *body, *xid;

	*cause = NULL;
	for (const char *const *p = o->cmd; p && *p; p++)
		json_array_append_new(cmd, json_string(*p));
	json_object_set_new(root, "Cmd", cmd);
	json_object_set_new(root, "AttachStdin", json_boolean(o->attach_stdin));
	json_object_set_new(root, "AttachStdout", json_true());
	json_object_set_new(root, "AttachStderr", json_true());
	json_object_set_new(root, "Tty", json_boolean(o->tty));
	if (o->tty)
		json_object_set_new(
		    root, "Env", json_pack("[s]", "TERM=xterm"));
	if (o->user && *o->user)
		json_object_set_new(root, "User", json_string(o->user));
	if (o->detach_keys)
		json_object_set_new(
		    root, "DetachKeys", json_string(o->detach_keys));
	body = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (body == NULL) {
		free(id);
		*cause = xstrdup("the command is not valid UTF-8");
		return NULL;
	}
	path = xasprintf("/containers/%s/exec", id);
	free(id);
	if (hijack_call(d, "POST", path, body, HIJACK_CALL_TIMEOUT_MS, &r,
		cause) != 1) {
		free(path);
		free(body);
		return NULL;
	}
	free(path);
	free(body);
	xid = decode_id(r.body, r.len, cause);
	docker_result_done(&r);
	return xid;
}

struct docker_exec *
hijack_exec_inspect(struct docker *d, const char *exec_id, char **cause)
{
	char *id = http_escape(exec_id), *path = xasprintf("/exec/%s/json", id);
	struct docker_result r;
	struct docker_exec *x = NULL;

	*cause = NULL;
	free(id);
	if (hijack_call(
		d, "GET", path, NULL, HIJACK_CALL_TIMEOUT_MS, &r, cause) == 1) {
		x = decode_exec(r.body, r.len, cause);
		docker_result_done(&r);
	}
	free(path);
	return x;
}

int
hijack_exec_exit_code(
    struct docker *d, const char *exec_id, int timeout_ms, char **cause)
{
	long long deadline = hijack_now_ms() + timeout_ms;
	struct docker_exec *x;
	int code;

	for (;;) {
		if ((x = hijack_exec_inspect(d, exec_id, cause)) == NULL)
			return -1;
		code = x->exit_code;
		if (!x->running && code >= 0) {
			docker_exec_free(x);
			return code;
		}
		docker_exec_free(x);
		if (hijack_now_ms() >= deadline) {
			*cause = xstrdup("the exec has not ended");
			return -1;
		}
		/* The engine records the code just after the stream ends. */
		poll(NULL, 0, 20);
	}
}

static bool
hijack_resize(struct docker *d, const char *kind, const char *obj_id, int h,
    int w, char **cause)
{
	char *id = http_escape(obj_id), *path;
	struct docker_result r;
	bool ok;

	*cause = NULL;
	path = xasprintf("/%s/%s/resize?h=%d&w=%d", kind, id, h, w);
	free(id);
	ok = hijack_call(d, "POST", path, NULL, HIJACK_RESIZE_TIMEOUT_MS, &r,
		 cause) == 1;
	if (ok)
		docker_result_done(&r);
	free(path);
	return ok;
}

bool
hijack_exec_resize(
    struct docker *d, const char *exec_id, int h, int w, char **cause)
{
	return hijack_resize(d, "exec", exec_id, h, w, cause);
}

bool
hijack_container_resize(
    struct docker *d, const char *container_id, int h, int w, char **cause)
{
	return hijack_resize(d, "containers", container_id, h, w, cause);
}

bool
hijack_container_wait(struct docker *d, const char *container_id,
    int timeout_ms, int *code, char **cause)
{
	char *id = http_escape(container_id), *path;
	struct docker_result r;
	json_t *root, *err;
	const char *emsg;
	bool ok = false;
	int rc;

	*cause = NULL;
	path = xasprintf("/containers/%s/wait", id);
	free(id);
	rc = hijack_call(d, "POST", path, NULL, timeout_ms, &r, cause);
	free(path);
	if (rc < 0) {
		free(*cause);
		*cause = xstrdup("the container is still running");
	}
	if (rc != 1)
		return false;
	root = json_loadb(r.body, r.len, 0, NULL);
	err = json_object_get(root, "Error");
	emsg = json_string_value(json_object_get(err, "Message"));
	if (emsg && *emsg)
		*cause = xstrdup(emsg);
	else if (json_is_integer(json_object_get(root, "StatusCode"))) {
		*code = (int)json_integer_value(
		    json_object_get(root, "StatusCode"));
		ok = true;
	} else
		*cause = xstrdup("the engine's wait answer has no StatusCode");
	json_decref(root);
	docker_result_done(&r);
	return ok;
}

struct hijack_run_out {
	struct buf *out, *err;
};

static void
hijack_run_data(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct hijack_run_out *o = arg;
	struct buf *b = st == DEMUX_STDOUT ? o->out : o->err;

	if (b)
		buf_append(b, data, len);
}

int
hijack_exec_run(struct docker *d, const char *container_id,
    const char *const *cmd, const char *user, struct buf *out, struct buf *err,
    int timeout_ms, char **cause)
{
	return hijack_exec_run_id(
	    d, container_id, cmd, user, out, err, timeout_ms, NULL, cause);
}

int
hijack_exec_run_id(struct docker *d, const char *container_id,
    const char *const *cmd, const char *user, struct buf *out, struct buf *err,
    int timeout_ms, char **exec_id, char **cause)
{
	struct hijack_exec_opts o = {.cmd = cmd, .user = user};
	long long deadline = hijack_now_ms() + timeout_ms;
	struct hijack_run_out ro = {out, err};
	struct demux dm;
	struct hijack *h;
	char *xid, tmp[4096];
	ssize_t n;
	int code;

	*cause = NULL;
	if (exec_id)
		*exec_id = NULL;
	if ((xid = hijack_exec_create(d, container_id, &o, cause)) == NULL)
		return -1;
	if (exec_id)
		*exec_id = xstrdup(xid);
	if ((h = hijack_exec_start(d, xid, false, cause)) == NULL) {
		free(xid);
		return -1;
	}
	demux_init(&dm, false, hijack_run_data, &ro);
	for (;;) {
		n = hijack_recv(h, tmp, sizeof tmp);
		if (n > 0) {
			demux_feed(&dm, tmp, (size_t)n);
			continue;
		}
		if (n == 0)
			break;
		if (errno != EAGAIN) {
			*cause = xstrdup(hijack_error(h) ? hijack_error(h)
							 : "the stream failed");
			break;
		}
		if (!hijack_wait_fd(h->fd, POLLIN, deadline)) {
			*cause = xstrdup("the command did not end in time");
			break;
		}
	}
	hijack_free(h);
	if (*cause) {
		free(xid);
		return -1;
	}
	code = hijack_exec_exit_code(d, xid, 5000, cause);
	free(xid);
	return code;
}

/* The names of the control keys, in code order from ctrl-@ (0). */
static const char hijack_ctrl_names[] = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

bool
hijack_detach_parse(struct hijack_detach *dk, const char *spec, char **cause)
{
	const char *p = spec;

	memset(dk, 0, sizeof *dk);
	*cause = NULL;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *hit;

		while (len > 0 && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (dk->n == HIJACK_DETACH_MAX) {
			*cause = xasprintf(
			    "more than %d detach keys", HIJACK_DETACH_MAX);
			return false;
		}
		if (len == 1)
			dk->keys[dk->n++] = (unsigned char)*p;
		else if (len == 6 && strncasecmp(p, "ctrl-", 5) == 0 &&
			 p[5] != '\0' &&
			 (hit = strchr(hijack_ctrl_names,
			      tolower((unsigned char)p[5]))) != NULL)
			dk->keys[dk->n++] =
			    (unsigned char)(hit - hijack_ctrl_names);
		else {
			*cause = len ? xasprintf("unknown key \"%.*s\" in "
						 "detach keys \"%s\"",
					   (int)len, p, spec)
				     : xasprintf(
					   "an empty key in detach keys \"%s\"",
					   spec);
			memset(dk, 0, sizeof *dk);
			return false;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return true;
}

bool
hijack_detach_feed(
    struct hijack_detach *dk, const void *in, size_t len, struct buf *out)
{
	const unsigned char *p = in;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (dk->n == 0) {
			buf_append(out, &c, 1);
			continue;
		}
		for (;;) {
			size_t m = dk->matched, j;

			if (c == dk->keys[m]) {
				if (++dk->matched == dk->n) {
					dk->matched = 0;
					return true;
				}
				break;
			}
			if (m == 0) {
				buf_append(out, &c, 1);
				break;
			}
			/* The sequence broke: forward the shortest part of
			 * what was held such that the rest may still start
			 * the sequence, then try c again. */
			for (j = 1; j < m; j++)
				if (memcmp(dk->keys + j, dk->keys, m - j) == 0)
					break;
			buf_append(out, dk->keys, j);
			dk->matched = m - j;
		}
	}
	return false;
}

char *
hijack_detach_describe(const struct hijack_detach *dk)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < dk->n; i++) {
		unsigned char c = dk->keys[i];

		if (i)
			buf_putc(&b, ' ');
		if (c < 32)
			buf_printf(&b, "ctrl-%c", hijack_ctrl_names[c]);
		else if (c == 127)
			buf_puts(&b, "DEL");
		else
			buf_putc(&b, (char)c);
	}
	return buf_steal(&b);
}

char *
hijack_config_detach_keys(const char *config_dir)
{
	char *path = xasprintf("%s/config.json", config_dir);
	json_t *root = json_load_file(path, 0, NULL);
	const char *v;
	char *r = NULL;

	free(path);
	if (root == NULL)
		return NULL;
	v = json_string_value(json_object_get(root, "detachKeys"));
	if (v && *v)
		r = xstrdup(v);
	json_decref(root);
	return r;
}

char **
hijack_split_command(const char *s, char **cause)
{
	char **v = xcalloc(1, sizeof *v);
	size_t n = 0;
	struct buf w;
	bool in_word = false;
	char quote = 0;

	*cause = NULL;
	buf_init(&w);
	for (const char *p = s;; p++) {
		if (*p == '\0') {
			if (quote) {
				*cause = xasprintf("the command has an open "
						   "%c quote",
				    quote);
				buf_done(&w);
				strv_free(v);
				return NULL;
			}
			break;
		}
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (*p == '\\' && quote == '"' && p[1] != '\0')
				buf_putc(&w, *++p);
			else
				buf_putc(&w, *p);
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word) {
				v = xreallocarray(v, n + 2, sizeof *v);
				v[n++] = buf_steal(&w);
				v[n] = NULL;
				in_word = false;
			}
			continue;
		}
		in_word = true;
		if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '\\' && p[1] != '\0')
			buf_putc(&w, *++p);
		else
			buf_putc(&w, *p);
	}
	if (in_word) {
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = buf_steal(&w);
		v[n] = NULL;
	}
	buf_done(&w);
	if (n == 0) {
		*cause = xstrdup("the command is empty");
		strv_free(v);
		return NULL;
	}
	return v;
}
