/*
 * HTTP client on libcurl's multi interface. libcurl's own callbacks only
 * collect bytes; our callbacks run afterwards from http_perform(), where
 * submitting and cancelling requests is safe.
 */

#include "api/http.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "api/buf.h"
#include "api/ssh.h"
#include "api/xalloc.h"

/* How long a new request may take to connect. */
#define HTTP_CONNECT_TIMEOUT_MS 5000L
/*
 * Connections to one engine at once. Over ssh each is an ssh process with
 * its own handshake (unless the user's config shares one with
 * ControlMaster), so fewer: sshd's MaxStartups (10 by default) drops
 * handshakes beyond it when a console starts many requests at once.
 */
#define HTTP_MAX_HOST_CONNECTIONS 16L
#define HTTP_SSH_MAX_HOST_CONNECTIONS 8L
/* How long ssh may take to finish its error message after a failure. */
#define HTTP_SSH_ERROR_WAIT_MS 250
/* How long closed ssh processes may take to exit at http_free(). */
#define HTTP_SSH_FINISH_MS 300
/* How often perform reads ssh's stderr and reaps ended processes. */
#define HTTP_SSH_POLL_MS 1000

struct http_req {
	struct http *http;
	CURL *easy;
	struct curl_slist *hdrs;
	char *url;
	char *body;
	size_t body_len;
	struct buf
	    data; /* collected body, or streamed bytes not yet delivered */
	bool streaming;
	http_data_fn *on_data;
	http_done_fn *on_done;
	void *arg;
	http_read_fn *on_read; /* a streamed request body, or NULL */
	void *read_arg;
	char *api_version;
	char *content_type;
	struct http_conn conn;
	char *ssh_error; /* the result's error when ssh explained it */
	char errbuf[CURL_ERROR_SIZE];
	bool dead; /* cancelled or done: free at the end of perform */
	bool stop; /* the data callback asked to stop */
	size_t body_max; /* the most a collected body may hold */
	bool too_big; /* it went over: the transfer was stopped */
	struct http_req *next, *prev;
};

struct http {
	CURLM *multi;
	char *base_url;
	struct endpoint ep; /* a private copy of what we need */
	struct http_req *reqs; /* live requests */
	size_t n_reqs;
	struct http_req *graveyard; /* dead, freed after dispatch */
	int dispatching;
	unsigned long close_mark; /* ssh_close_count() before a perform */
	long long ssh_polled; /* when perform last called ssh_poll() */
	size_t body_max; /* for requests submitted from now on */
};

static bool http_global_done;

static void
http_global_init(void)
{
	if (http_global_done)
		return;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* A peer closing a socket must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	http_global_done = true;
}

static long long
http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * ssh endpoints: libcurl is told that the engine is at a unix socket path
 * (so that it resolves nothing and asks no proxy), and these callbacks
 * hand it an ssh process's socket instead of one of its own. libcurl's
 * pool keeps and reuses those connections as it does others: one ssh
 * process, and one ssh handshake unless the user's config shares them
 * with ControlMaster, per pooled connection.
 *
 * The sockopt callback says that the socket is connected already, so that
 * libcurl calls no connect(). libcurl 7.88.0 and 7.88.1 call it anyway
 * (curl issue 10626, fixed in 8.0) and give up unless it says EINPROGRESS
 * or EAGAIN. For those the path names a listener of ours whose backlog is
 * full: Linux answers EAGAIN then, before it looks at our socket's state,
 * and libcurl finds the socket writable without error, as after any
 * connect in progress.
 */
#define HTTP_SSH_DUMMY_PATH "/berth-ssh-connection"

static const char *http_ssh_path; /* what libcurl is told */
static bool http_ssh_eagain; /* it names the full listener */
static char *http_ssh_full; /* the full listener */
static pid_t http_ssh_pid; /* who made it */

static void
http_ssh_cleanup(void)
{
	if (getpid() == http_ssh_pid)
		unlink(http_ssh_full);
}

#ifdef __linux__
/* Makes the full listener (see above); false when it cannot. */
static bool
http_ssh_make_full(void)
{
	const char *dir = ssh_dir();
	struct sockaddr_un sa;
	char *path;
	int l = -1, c = -1, sv[2];
	bool ok = false;

	if (dir == NULL)
		return false;
	path = xasprintf("%s/full", dir);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path)
		goto out;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(l, 0) != 0)
		goto out;
	/* One connection that is never accepted fills the backlog. */
	c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&sa, sizeof sa) != 0)
		goto out;
	/* What a connected socket gets now must be EAGAIN. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
		sv) != 0)
		goto out;
	ok = connect(sv[0], (struct sockaddr *)&sa, sizeof sa) != 0 &&
	     errno == EAGAIN;
	close(sv[0]);
	close(sv[1]);
out:
	if (ok) {
		/* l and c stay open while we run. */
		http_ssh_full = path;
		http_ssh_pid = getpid();
		atexit(http_ssh_cleanup);
		return true;
	}
	if (c >= 0)
		close(c);
	if (l >= 0)
		close(l);
	unlink(path);
	free(path);
	return false;
}
#endif

static void
http_ssh_init(void)
{
	curl_version_info_data *v;

	if (http_ssh_path)
		return;
	http_ssh_path = HTTP_SSH_DUMMY_PATH;
	v = curl_version_info(CURLVERSION_NOW);
	if (v->version_num < 0x075800 || v->version_num >= 0x080000)
		return;
#ifdef __linux__
	if (http_ssh_make_full()) {
		http_ssh_path = http_ssh_full;
		http_ssh_eagain = true;
	}
#endif
}

static curl_socket_t
http_ssh_open(void *clientp, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct http_conn *c = clientp;
	unsigned long id;
	char *cause;
	int fd;

	fd = ssh_dial(c->ep, c->owner, &id, &cause);
	free(c->dial_error);
	c->dial_error = cause;
	if (fd < 0)
		return CURL_SOCKET_BAD;
	c->ssh_id = id;
	return fd;
}

static int
http_ssh_sockopt(void *clientp, curl_socket_t fd, curlsocktype purpose)
{
	return http_ssh_eagain ? CURL_SOCKOPT_OK
			       : CURL_SOCKOPT_ALREADY_CONNECTED;
}

/* Our end goes, which lets ssh go; reaped later, never waited for. */
static int
http_ssh_close(void *clientp, curl_socket_t fd)
{
	if (!ssh_close(fd))
		close(fd);
	return 0;
}

void
http_conn_setup(struct http_conn *c, void *easy)
{
	const struct endpoint *ep = c->ep;
	CURL *e = easy;

	switch (ep->kind) {
	case ENDPOINT_UNIX:
		curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, ep->path);
		break;
	case ENDPOINT_TCP:
		curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
		break;
	case ENDPOINT_SSH:
		http_ssh_init();
		curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, http_ssh_path);
		curl_easy_setopt(e, CURLOPT_PROXY, "");
		curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, http_ssh_open);
		curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, c);
		curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, http_ssh_sockopt);
		/* The connection may outlive this handle in the pool: the
		 * close callback gets no pointer of ours. */
		curl_easy_setopt(
		    e, CURLOPT_CLOSESOCKETFUNCTION, http_ssh_close);
		curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, NULL);
		break;
	case ENDPOINT_NPIPE:
		break;
	}
	if (ep->tls) {
		curl_easy_setopt(
		    e, CURLOPT_SSL_VERIFYPEER, ep->tls_verify ? 1L : 0L);
		curl_easy_setopt(
		    e, CURLOPT_SSL_VERIFYHOST, ep->tls_verify ? 2L : 0L);
		if (ep->ca_file)
			curl_easy_setopt(e, CURLOPT_CAINFO, ep->ca_file);
		if (ep->cert_file)
			curl_easy_setopt(e, CURLOPT_SSLCERT, ep->cert_file);
		if (ep->key_file)
			curl_easy_setopt(e, CURLOPT_SSLKEY, ep->key_file);
	}
}

char *
http_conn_error(struct http_conn *c, int wait_ms)
{
	if (c->ep->kind != ENDPOINT_SSH)
		return NULL;
	if (c->dial_error)
		return xstrdup(c->dial_error);
	return c->ssh_id ? ssh_error(c->ssh_id, c->ep, wait_ms) : NULL;
}

void
http_conn_done(struct http_conn *c)
{
	free(c->dial_error);
	memset(c, 0, sizeof *c);
}

struct http *
http_new(const struct endpoint *ep, char **cause)
{
	struct http *h;

	http_global_init();
	if (ep->kind == ENDPOINT_NPIPE) {
		if (cause)
			*cause = xstrdup("npipe endpoints are not supported "
					 "by this build");
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		free(h);
		if (cause)
			*cause = xstrdup("libcurl could not be initialised");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    ep->kind == ENDPOINT_SSH ? HTTP_SSH_MAX_HOST_CONNECTIONS
				     : HTTP_MAX_HOST_CONNECTIONS);
	h->ep.kind = ep->kind;
	h->ep.host_arg = xstrdup_or_null(ep->host_arg);
	h->ep.path = xstrdup_or_null(ep->path);
	h->ep.host = xstrdup_or_null(ep->host);
	h->ep.port = ep->port;
	h->ep.user = xstrdup_or_null(ep->user);
	h->ep.tls = ep->tls;
	h->ep.tls_verify = ep->tls_verify;
	h->ep.ca_file = xstrdup_or_null(ep->ca_file);
	h->ep.cert_file = xstrdup_or_null(ep->cert_file);
	h->ep.key_file = xstrdup_or_null(ep->key_file);
	h->base_url = endpoint_base_url(ep);
	h->body_max = HTTP_BODY_MAX;
	return h;
}

void
http_set_body_max(struct http *h, size_t max)
{
	h->body_max = max > 0 ? max : HTTP_BODY_MAX;
}

static void
http_req_free(struct http_req *r)
{
	if (r->easy)
		curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->hdrs);
	free(r->url);
	free(r->body);
	free(r->api_version);
	free(r->content_type);
	http_conn_done(&r->conn);
	free(r->ssh_error);
	buf_done(&r->data);
	free(r);
}

static void
http_unlink(struct http *h, struct http_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		h->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->next = r->prev = NULL;
	h->n_reqs--;
}

/* Detaches r from libcurl and the live list; freed later if dispatching. */
static void
http_kill(struct http *h, struct http_req *r)
{
	if (r->dead)
		return;
	r->dead = true;
	curl_multi_remove_handle(h->multi, r->easy);
	http_unlink(h, r);
	if (h->dispatching) {
		r->next = h->graveyard;
		h->graveyard = r;
	} else
		http_req_free(r);
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	while (h->reqs)
		http_kill(h, h->reqs);
	while (h->graveyard) {
		struct http_req *r = h->graveyard;

		h->graveyard = r->next;
		http_req_free(r);
	}
	/* Closes the pool's connections: for ssh, the ssh processes go. */
	curl_multi_cleanup(h->multi);
	if (h->ep.kind == ENDPOINT_SSH)
		ssh_finish(h, HTTP_SSH_FINISH_MS);
	free(h->base_url);
	endpoint_done(&h->ep);
	free(h);
}

static size_t
http_write_cb(char *p, size_t sz, size_t n, void *arg)
{
	struct http_req *r = arg;

	if (r->stop)
		return 0;
	/* A collected body (a list, an inspect, or the error answer of a
	 * stream) stops at the limit: returning short ends the transfer
	 * before more of it is read. */
	if (!r->streaming && sz * n > r->body_max - r->data.len) {
		r->too_big = true;
		return 0;
	}
	buf_append(&r->data, p, sz * n);
	return sz * n;
}

static size_t
http_read_cb(char *p, size_t sz, size_t n, void *arg)
{
	struct http_req *r = arg;
	size_t got = r->on_read(p, sz * n, r->read_arg);

	return got == HTTP_READ_ABORT ? CURL_READFUNC_ABORT : got;
}

char *
http_header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *end;

	if (len <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return NULL;
	v = line + nl + 1;
	end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static size_t
http_header_cb(char *p, size_t sz, size_t n, void *arg)
{
	struct http_req *r = arg;
	size_t len = sz * n;
	char *v;

	/* A new status line (redirects, 100-continue) starts over. */
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(r->api_version);
		free(r->content_type);
		r->api_version = r->content_type = NULL;
	}
	if ((v = http_header_value(p, len, "API-Version")) != NULL) {
		free(r->api_version);
		r->api_version = v;
	} else if ((v = http_header_value(p, len, "Content-Type")) != NULL) {
		free(r->content_type);
		r->content_type = v;
	}
	return len;
}

struct http_req *
http_submit(struct http *h, const struct http_opts *o)
{
	struct http_req *r = xcalloc(1, sizeof *r);
	const char *method = o->method ? o->method : "GET";
	CURL *e;
	char *ct;

	r->http = h;
	r->on_data = o->on_data;
	r->on_done = o->on_done;
	r->arg = o->arg;
	r->streaming = o->on_data != NULL;
	r->body_max = h->body_max;
	buf_init(&r->data);
	r->url = xasprintf("%s%s", h->base_url, o->path);
	r->easy = e = curl_easy_init();
	if (e == NULL)
		abort();

	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, http_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, HTTP_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "berth/" BERTH_VERSION);
	if (o->timeout_ms > 0)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	/* A Content-Length over the limit fails before any of the body. */
	if (!r->streaming)
		curl_easy_setopt(
		    e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->body_max);
	if (o->idle_ms > 0) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(
		    e, CURLOPT_LOW_SPEED_TIME, (o->idle_ms + 999) / 1000);
	}
	r->conn.ep = &h->ep;
	r->conn.owner = h;
	http_conn_setup(&r->conn, e);

	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	if (o->on_read) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		r->on_read = o->on_read;
		r->read_arg = o->read_arg;
		curl_easy_setopt(e, CURLOPT_READFUNCTION, http_read_cb);
		curl_easy_setopt(e, CURLOPT_READDATA, r);
		curl_easy_setopt(
		    e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->read_size);
		ct = xasprintf("Content-Type: %s",
		    o->content_type ? o->content_type : "application/json");
		r->hdrs = curl_slist_append(r->hdrs, ct);
		free(ct);
	} else if (o->body || strcmp(method, "POST") == 0 ||
		   strcmp(method, "PUT") == 0) {
		r->body_len = o->body ? o->body_len : 0;
		r->body = xmalloc(r->body_len + 1);
		if (r->body_len)
			memcpy(r->body, o->body, r->body_len);
		r->body[r->body_len] = '\0';
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(
		    e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
		ct = xasprintf("Content-Type: %s",
		    o->content_type ? o->content_type : "application/json");
		r->hdrs = curl_slist_append(r->hdrs, ct);
		free(ct);
	}
	/* No "Expect: 100-continue" round trip for bodies. */
	r->hdrs = curl_slist_append(r->hdrs, "Expect:");
	for (const char *const *p = o->headers; p && *p; p++)
		r->hdrs = curl_slist_append(r->hdrs, *p);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);

	r->next = h->reqs;
	if (h->reqs)
		h->reqs->prev = r;
	h->reqs = r;
	h->n_reqs++;
	curl_multi_add_handle(h->multi, e);
	return r;
}

void
http_cancel(struct http *h, struct http_req *r)
{
	if (r)
		http_kill(h, r);
}

size_t
http_pending(const struct http *h)
{
	return h->n_reqs;
}

/* Extra fds of one wait, at most: the caller's and the other clients'. */
#define HTTP_WAIT_MAX 256

/* Adds the sockets another client's transfers wait on to cw. */
static unsigned
http_add_fds(struct http *h, struct curl_waitfd *cw, unsigned n, long *tmo)
{
	fd_set r, w, x;
	int maxfd = -1;
	long t = -1;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&x);
	if (curl_multi_fdset(h->multi, &r, &w, &x, &maxfd) != CURLM_OK)
		return n;
	for (int fd = 0; fd <= maxfd && n < HTTP_WAIT_MAX; fd++) {
		short ev = 0;

		if (FD_ISSET(fd, &r) || FD_ISSET(fd, &x))
			ev |= CURL_WAIT_POLLIN;
		if (FD_ISSET(fd, &w))
			ev |= CURL_WAIT_POLLOUT;
		if (ev)
			cw[n++] = (struct curl_waitfd){fd, ev, 0};
	}
	/* Its timers too: a retry or a timeout is due then. */
	if (curl_multi_timeout(h->multi, &t) == CURLM_OK && t >= 0 &&
	    (*tmo < 0 || t < *tmo))
		*tmo = t;
	return n;
}

int
http_wait_many(struct http *const *hs, size_t nh, struct http_waitfd *fds,
    unsigned nfds, int timeout_ms)
{
	struct curl_waitfd cw[HTTP_WAIT_MAX];
	long tmo = timeout_ms;
	unsigned n = 0;
	CURLMcode mc;

	for (unsigned i = 0; i < nfds && n < HTTP_WAIT_MAX; i++) {
		short ev = 0;

		if (fds[i].events & POLLIN)
			ev |= CURL_WAIT_POLLIN;
		if (fds[i].events & POLLOUT)
			ev |= CURL_WAIT_POLLOUT;
		cw[n++] = (struct curl_waitfd){fds[i].fd, ev, 0};
	}
	for (size_t k = 1; k < nh; k++)
		n = http_add_fds(hs[k], cw, n, &tmo);
	mc = curl_multi_poll(hs[0]->multi, cw, n, (int)tmo, NULL);
	for (unsigned i = 0; i < nfds; i++) {
		fds[i].revents = 0;
		if (cw[i].revents & CURL_WAIT_POLLIN)
			fds[i].revents |= POLLIN;
		if (cw[i].revents & CURL_WAIT_POLLOUT)
			fds[i].revents |= POLLOUT;
	}
	return mc == CURLM_OK ? 0 : -1;
}

int
http_wait(
    struct http *h, struct http_waitfd *fds, unsigned nfds, int timeout_ms)
{
	return http_wait_many(&h, 1, fds, nfds, timeout_ms);
}

static enum http_code
http_map(CURLcode c)
{
	switch (c) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_COULDNT_CONNECT:
		return HTTP_ERR_CONNECT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return HTTP_ERR_RESOLVE;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_ERR_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_USE_SSL_FAILED:
		return HTTP_ERR_TLS;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return HTTP_ERR_CLOSED;
	case CURLE_WRITE_ERROR:
	case CURLE_ABORTED_BY_CALLBACK:
		return HTTP_ERR_CANCELLED;
	case CURLE_FILESIZE_EXCEEDED:
		return HTTP_ERR_TOO_BIG;
	default:
		return HTTP_ERR_OTHER;
	}
}

/*
 * Why a request over ssh failed, in ssh's words: from the connection it
 * opened, or else the one that closed under it in this perform (a pooled
 * connection it reused). Owned, or NULL.
 */
static char *
http_ssh_error(struct http *h, struct http_req *r)
{
	unsigned long id;
	char *why = http_conn_error(&r->conn, HTTP_SSH_ERROR_WAIT_MS);

	if (why || r->conn.dial_error || r->conn.ssh_id)
		return why;
	id = ssh_closed_since(h, h->close_mark);
	return id ? ssh_error(id, &h->ep, HTTP_SSH_ERROR_WAIT_MS) : NULL;
}

static void
http_complete(struct http *h, struct http_req *r, CURLcode c)
{
	struct http_result res;
	long status = 0;

	memset(&res, 0, sizeof res);
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	res.code = r->too_big ? HTTP_ERR_TOO_BIG
		   : r->stop  ? HTTP_ERR_CANCELLED
			      : http_map(c);
	res.status = status;
	res.api_version = r->api_version;
	res.content_type = r->content_type;
	if (r->too_big || res.code == HTTP_ERR_TOO_BIG) {
		/* What was read of it goes now, not after the callback. */
		buf_done(&r->data);
		res.body = "";
	} else if (!r->streaming) {
		res.body = buf_cstr(&r->data);
		res.body_len = r->data.len;
	} else {
		res.body = "";
	}
	if (res.code != HTTP_OK && res.code != HTTP_ERR_CANCELLED) {
		res.error = r->errbuf[0] ? r->errbuf : curl_easy_strerror(c);
		/* Over ssh, libcurl only sees the socket close ("Empty reply
		 * from server"); ssh's stderr says why. Without an answer,
		 * the engine could not be reached at all. */
		if (h->ep.kind == ENDPOINT_SSH &&
		    (r->ssh_error = http_ssh_error(h, r)) != NULL) {
			res.error = r->ssh_error;
			if (status == 0)
				res.code = HTTP_ERR_CONNECT;
		}
	}
	/* Keep r alive through the callback even if it cancels itself. */
	curl_multi_remove_handle(h->multi, r->easy);
	r->dead = true;
	http_unlink(h, r);
	r->next = h->graveyard;
	h->graveyard = r;
	if (r->on_done)
		r->on_done(&res, r->arg);
}

/* Hands streamed bytes to their callbacks. Returns true if any was given. */
static void
http_deliver(struct http *h)
{
	struct http_req **todo;
	size_t n = 0;

	if (h->n_reqs == 0)
		return;
	todo = xcalloc(h->n_reqs, sizeof *todo);
	for (struct http_req *r = h->reqs; r; r = r->next) {
		long status = 0;

		if (!r->streaming || r->data.len == 0)
			continue;
		/* An error status has a body to read whole, not a stream. */
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 400) {
			r->streaming = false;
			continue;
		}
		todo[n++] = r;
	}
	for (size_t i = 0; i < n; i++) {
		struct http_req *r = todo[i];
		struct buf chunk = r->data;

		if (r->dead || r->stop)
			continue;
		buf_init(&r->data);
		if (!r->on_data(chunk.data, chunk.len, r->arg) && !r->dead)
			r->stop = true;
		buf_done(&chunk);
	}
	free(todo);
}

void
http_perform(struct http *h)
{
	int running;
	CURLMsg *m;
	int left;

	h->dispatching++;
	if (h->ep.kind == ENDPOINT_SSH) {
		long long now = http_now_ms();

		/* Keeps ssh's stderr pipes from filling and reaps. */
		if (now - h->ssh_polled >= HTTP_SSH_POLL_MS) {
			ssh_poll();
			h->ssh_polled = now;
		}
		h->close_mark = ssh_close_count();
	}
	curl_multi_perform(h->multi, &running);
	http_deliver(h);
	while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
		struct http_req *r = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(
		    m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		if (r == NULL || r->dead)
			continue;
		/* Deliver the tail of a stream before its end. */
		if (r->streaming && r->data.len > 0 && !r->stop) {
			long status = 0;

			curl_easy_getinfo(
			    r->easy, CURLINFO_RESPONSE_CODE, &status);
			if (status >= 400) {
				r->streaming = false;
				http_complete(h, r, m->data.result);
				continue;
			}
		}
		if (r->streaming && r->data.len > 0 && !r->stop) {
			struct buf chunk = r->data;

			buf_init(&r->data);
			if (!r->on_data(chunk.data, chunk.len, r->arg))
				r->stop = true;
			buf_done(&chunk);
			if (r->dead)
				continue;
		}
		http_complete(h, r, m->data.result);
	}
	/* Requests whose data callback asked to stop end now. A callback may
	 * cancel others, so look again from the start after each one. */
	for (;;) {
		struct http_req *r = h->reqs;

		while (r && !r->stop)
			r = r->next;
		if (r == NULL)
			break;
		http_complete(h, r, CURLE_ABORTED_BY_CALLBACK);
	}
	if (--h->dispatching == 0) {
		while (h->graveyard) {
			struct http_req *r = h->graveyard;

			h->graveyard = r->next;
			http_req_free(r);
		}
	}
}

void
http_step(struct http *h, int timeout_ms)
{
	http_wait(h, NULL, 0, timeout_ms);
	http_perform(h);
}

char *
http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' ||
		    *p == '~')
			buf_putc(&b, (char)*p);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	return buf_steal(&b);
}
