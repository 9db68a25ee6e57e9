/* The hostile engine's answers: every string a trap for a terminal. */

#include "tests/support/hostile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/buf.h"
#include "api/xalloc.h"

/*
 * The payload inside a JSON string: ESC sequences for the title, the
 * clipboard, a link, the screen and colours, C1 CSI/OSC/ST as code
 * points, a bidirectional override.
 */
#define HJ                                                                     \
	"\\u001b]0;" HOSTILE_TITLE "\\u0007"                                   \
	"\\u001b]52;c;" HOSTILE_CLIP_B64 "\\u0007"                             \
	"\\u001b]8;;http://evil.invalid/\\u001b\\\\link\\u001b]8;;\\u001b\\\\" \
	"\\u001b[2J\\u001b[31m\\u009b1m\\u009d0;" HOSTILE_TITLE "\\u009c"      \
	"\\u202e"
/* In the JSON templates below, each ` stands for HJ (hostile_fill()). */
/* The same as raw bytes, with raw 8-bit C1 and invalid UTF-8 besides. */
#define HR                                                                     \
	"\x1b]0;" HOSTILE_TITLE "\x07"                                         \
	"\x1b]52;c;" HOSTILE_CLIP_B64 "\x07"                                   \
	"\x1b]8;;http://evil.invalid/\x1b\\link\x1b]8;;\x1b\\"                 \
	"\x1b[2J\x1b[31m\x9b"                                                  \
	"1m\x9d"                                                               \
	"0;" HOSTILE_TITLE "\x9c\xc2\x9b"                                      \
	"1m\xe2\x80\xae\xff\xfe\xc3("

static struct fake_route *hostile_v;
static char **hostile_replies; /* the replies, owned */
static size_t hostile_n;

/* The template with every ` replaced by the payload (owned). */
static char *
hostile_fill(const char *tmpl)
{
	struct buf b;

	buf_init(&b);
	for (const char *p = tmpl; *p; p++)
		if (*p == '`')
			buf_puts(&b, HJ);
		else
			buf_putc(&b, *p);
	return buf_steal(&b);
}

static void
hostile_add(const char *method, const char *pattern, char *reply, bool hang)
{
	hostile_v = xreallocarray(hostile_v, hostile_n + 1, sizeof *hostile_v);
	hostile_replies = xreallocarray(
	    hostile_replies, hostile_n + 1, sizeof *hostile_replies);
	hostile_replies[hostile_n] = reply;
	hostile_v[hostile_n++] = (struct fake_route){
	    .method = method,
	    .pattern = pattern,
	    .reply = reply,
	    .hang = hang,
	};
}

static void
hostile_json(const char *pattern, const char *tmpl)
{
	char *body = hostile_fill(tmpl);

	hostile_add("GET", pattern,
	    fake_response(200,
		"Content-Type: application/json\r\nApi-Version: 1.41\r\n"
		"Server: Docker/" HR "\r\n",
		body),
	    false);
	free(body);
}

/* A reply whose body is a template (` for the payload). */
static char *
hostile_reply(int status, const char *headers, const char *tmpl)
{
	char *body = hostile_fill(tmpl),
	     *r = fake_response(status, headers, body);

	free(body);
	return r;
}

/* A container's inspect document; sick: exited, unhealthy, OOM-killed. */
static char *
hostile_inspect(const char *id, bool sick)
{
	return xasprintf(
	    "{\"Id\":\"%s\",\"Created\":\"2026-01-01T00:00:00Z\","
	    "\"Path\":\"sh\",\"Args\":[\"-c\",\"`\"],"
	    "\"Name\":\"/%s`\",\"RestartCount\":7,"
	    "\"State\":{\"Status\":\"%s\",\"Running\":%s,\"Paused\":false,"
	    "\"Restarting\":false,\"OOMKilled\":%s,\"Dead\":false,\"Pid\":0,"
	    "\"ExitCode\":%d,\"Error\":\"`\","
	    "\"StartedAt\":\"2026-01-01T00:00:01Z\","
	    "\"FinishedAt\":\"2026-01-01T00:00:02Z\","
	    "\"Health\":{\"Status\":\"unhealthy\",\"FailingStreak\":9,"
	    "\"Log\":[{\"Start\":\"2026-01-01T00:00:01Z\","
	    "\"End\":\"2026-01-01T00:00:02Z\",\"ExitCode\":1,"
	    "\"Output\":\"health `\\n\"}]}},"
	    "\"Image\":\"sha256:%s\","
	    "\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"`\"},"
	    "\"NetworkMode\":\"bridge\"},"
	    "\"Mounts\":[{\"Type\":\"volume\",\"Name\":\"vol`\","
	    "\"Source\":\"/`\",\"Destination\":\"/d`\"}],"
	    "\"Config\":{\"Hostname\":\"`\",\"User\":\"`\","
	    "\"Tty\":true,\"Env\":[\"A=`\",\"TOKEN=`\"],"
	    "\"Cmd\":[\"`\"],\"Image\":\"evil/img`\","
	    "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"`\"]},"
	    "\"Labels\":{\"com.docker.compose.project\":\"proj`\","
	    "\"lbl`\":\"`\"}},"
	    "\"NetworkSettings\":{\"Ports\":{\"80/"
	    "tcp\":[{\"HostIp\":\"`\",\"HostPort\":\"8080\"}]},"
	    "\"Networks\":{\"net`\":{\"IPAddress\":\"`\"}}}}",
	    id, sick ? "sick" : "evil", sick ? "exited" : "running",
	    sick ? "false" : "true", sick ? "true" : "false", sick ? 137 : 0,
	    id);
}

/* The system calls: ping, version and info, every string a trap. */
static void
hostile_system(void)
{
	char *body;

	hostile_add("GET", "/_ping*",
	    fake_response(200,
		"Api-Version: 1.41\r\nServer: Docker/" HR "\r\n"
		"OSType: linux" HR "\r\nDocker-Experimental: " HR "\r\n",
		"OK"),
	    false);
	hostile_add("HEAD", "/_ping*",
	    fake_response(200, "Api-Version: 1.41\r\n", ""), false);
	hostile_json("/version*",
	    "{\"Version\":\"99.0`\",\"ApiVersion\":\"1.41\","
	    "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux`\","
	    "\"Arch\":\"amd64`\",\"KernelVersion\":\"`\","
	    "\"GoVersion\":\"`\",\"GitCommit\":\"`\","
	    "\"Components\":[{\"Name\":\"Engine`\",\"Version\":\"`\"}]}");
	body = xasprintf(
	    "{\"ID\":\"`\",\"Name\":\"host`\",\"Containers\":2,"
	    "\"ContainersRunning\":1,\"ContainersStopped\":1,\"Images\":1,"
	    "\"ServerVersion\":\"99.0`\",\"OperatingSystem\":\"`\","
	    "\"OSType\":\"linux\",\"Architecture\":\"`\","
	    "\"KernelVersion\":\"`\",\"NCPU\":2,\"MemTotal\":1073741824,"
	    "\"Driver\":\"`\",\"DockerRootDir\":\"/`\","
	    "\"SystemTime\":\"2030-01-01T00:00:00Z\","
	    "\"Warnings\":[\"WARNING: `\"],\"Labels\":[\"`\"]}");
	hostile_json("/info*", body);
	free(body);
}

/* The object lists and inspects, and a failing disk usage. */
static void
hostile_objects(long long now)
{
	char *list, *body;

	list =
	    xasprintf("[{\"Id\":\"%s\",\"Names\":[\"/evil`\"],"
		      "\"Image\":\"evil/img`\",\"ImageID\":\"sha256:%s\","
		      "\"Command\":\"`\",\"Created\":%lld,"
		      "\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,"
		      "\"PublicPort\":8080,\"Type\":\"tcp`\"}],"
		      "\"Labels\":{\"com.docker.compose.project\":\"proj`\","
		      "\"lbl`\":\"`\"},\"State\":\"running\","
		      "\"Status\":\"Up "
		      "`\",\"HostConfig\":{\"NetworkMode\":\"`\"},"
		      "\"NetworkSettings\":{\"Networks\":{\"net`\":{"
		      "\"IPAddress\":\"10.0.0.2\"}}},\"Mounts\":[]},"
		      "{\"Id\":\"%s\",\"Names\":[\"/sick`\"],"
		      "\"Image\":\"evil/img`\",\"ImageID\":\"sha256:%s\","
		      "\"Command\":\"`\",\"Created\":%lld,\"Ports\":[],"
		      "\"Labels\":{},\"State\":\"exited\","
		      "\"Status\":\"Exited (137) `\",\"HostConfig\":{},"
		      "\"NetworkSettings\":{\"Networks\":{}},\"Mounts\":[]}]",
		HOSTILE_ID_RUNNING, HOSTILE_ID_RUNNING, now - 3600,
		HOSTILE_ID_SICK, HOSTILE_ID_RUNNING, now - 7200);
	hostile_json("/containers/json*", list);
	free(list);
	body = hostile_inspect(HOSTILE_ID_RUNNING, false);
	hostile_json("/containers/" HOSTILE_ID_RUNNING "/json*", body);
	free(body);
	body = hostile_inspect(HOSTILE_ID_SICK, true);
	hostile_json("/containers/" HOSTILE_ID_SICK "/json*", body);
	free(body);
	/* A TTY container's log: raw bytes, every line a trap. */
	hostile_add("GET", "/containers/*/logs*",
	    fake_response(200,
		"Content-Type: application/vnd.docker.raw-stream\r\n",
		"2026-01-01T00:00:01.000000000Z line one " HR "\r\n"
		"2026-01-01T00:00:02.000000000Z line two " HR "\r\n"),
	    false);
	hostile_json("/containers/*/top*", "{\"Titles\":[\"PID\",\"CMD`\"],"
					   "\"Processes\":[[\"1\",\"`\"]]}");
	hostile_json("/images/json*",
	    "[{\"Id\":\"sha256:" HOSTILE_ID_RUNNING "\","
	    "\"RepoTags\":[\"evil/img`:latest\"],"
	    "\"RepoDigests\":[\"evil/img@sha256:`\"],"
	    "\"Created\":1700000000,\"Size\":1000,\"SharedSize\":-1,"
	    "\"Containers\":2,\"Labels\":{\"lbl`\":\"`\"}}]");
	hostile_json("/images/*/history*",
	    "[{\"Id\":\"sha256:" HOSTILE_ID_RUNNING "\",\"Created\":1700000000,"
	    "\"CreatedBy\":\"/bin/sh -c `\",\"Tags\":[\"`\"],"
	    "\"Size\":1000,\"Comment\":\"`\"}]");
	hostile_json("/images/*/json*",
	    "{\"Id\":\"sha256:" HOSTILE_ID_RUNNING "\",\"RepoTags\":[\"evil/"
	    "img`:latest\"],\"Created\":\"2026-01-01T00:00:00Z\",\"Size\":1000,"
	    "\"Author\":\"`\",\"Config\":{\"Labels\":{\"x\":\"`\"}},"
	    "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"sha256:`\"]}}");
	hostile_json("/volumes*",
	    "{\"Volumes\":[{\"Name\":\"vol`\",\"Driver\":\"local`\","
	    "\"Mountpoint\":\"/`\",\"CreatedAt\":\"2026-01-01T00:00:00Z\","
	    "\"Labels\":{\"lbl`\":\"`\"},\"Scope\":\"local\"}],"
	    "\"Warnings\":[\"`\"]}");
	hostile_json("/networks*",
	    "[{\"Name\":\"net`\",\"Id\":\"" HOSTILE_ID_SICK "\","
	    "\"Created\":\"2026-01-01T00:00:00Z\",\"Scope\":\"local`\","
	    "\"Driver\":\"bridge`\",\"IPAM\":{\"Config\":[{\"Subnet\":\"`\","
	    "\"Gateway\":\"`\"}]},\"Containers\":{},"
	    "\"Options\":{},\"Labels\":{\"lbl`\":\"`\"}}]");
	/* Disk usage fails: its error goes into the bundle's notes. */
	hostile_add("GET", "/system/df*",
	    fake_response(
		500, "Content-Type: text/plain\r\n", "disk usage failed: " HR),
	    false);
}

/* The events: a die and a hostile volume event, then a raw line. */
static void
hostile_events(long long now)
{
	char *events, *body;

	events = xasprintf(
	    "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":"
	    "\"%s\",\"Attributes\":{\"name\":\"sick`\",\"image\":\"`\","
	    "\"exitCode\":\"137\",\"lbl`\":\"`\"}},"
	    "\"scope\":\"local\",\"time\":%lld,\"timeNano\":%lld000000000}\n"
	    "{\"Type\":\"volume`\",\"Action\":\"create`\","
	    "\"Actor\":{\"ID\":\"vol`\",\"Attributes\":{\"driver\":\"`\"}},"
	    "\"scope\":\"local\",\"time\":%lld,"
	    "\"timeNano\":%lld000000000}\n"
	    "raw " HR "\n",
	    HOSTILE_ID_SICK, now - 60, now - 60, now - 30, now - 30);
	body = events;
	events = hostile_fill(body);
	free(body);
	/* With an end (the bundle's last hour): the events, then the end. */
	hostile_add("GET", "/events*until=*",
	    fake_response(200, "Content-Type: application/json\r\n", events),
	    false);
	/* Followed (the console): the events, then an open, quiet stream. */
	body = xasprintf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			 "Api-Version: 1.41\r\nServer: Docker/" HR "\r\n"
			 "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n",
	    strlen(events), events);
	hostile_add("GET", "/events*", body, true);
	free(events);
}

/* Every change fails with a hostile error; anything else is a 404. */
static void
hostile_errors(void)
{
	/* Every change fails with a hostile error, half as JSON. */
	hostile_add("POST", "/containers/*/stop*",
	    hostile_reply(500, "Content-Type: application/json\r\n",
		"{\"message\":\"cannot stop: `\"}"),
	    false);
	hostile_add("POST", "/*",
	    fake_response(
		500, "Content-Type: text/plain\r\n", "refused: " HR "\n"),
	    false);
	hostile_add("DELETE", "/*",
	    fake_response(
		409, "Content-Type: text/plain\r\n", "conflict: " HR "\n"),
	    false);
	/* Anything else (swarm, exec, stats): a hostile 404. */
	hostile_add(NULL, "/*",
	    hostile_reply(404, "Content-Type: application/json\r\n",
		"{\"message\":\"no such thing `\"}"),
	    false);
}

/* A whole hostile engine for the console and the bundle. */
static void
hostile_console(void)
{
	long long now = (long long)time(NULL);

	hostile_system();
	hostile_objects(now);
	hostile_events(now);
	hostile_errors();
}

const struct fake_route *
hostile_routes(const char *mode, size_t *n)
{
	hostile_routes_free();
	if (strcmp(mode, "ping500") == 0)
		hostile_add(NULL, "/*",
		    fake_response(500,
			"Content-Type: text/plain\r\nApi-Version: 1.41\r\n",
			"engine on fire " HR "\n"),
		    false);
	else if (strcmp(mode, "oldapi") == 0)
		hostile_add(NULL, "/*",
		    fake_response(200, "Api-Version: 1.2" HR "\r\n", "OK"),
		    false);
	else
		hostile_console();
	*n = hostile_n;
	return hostile_v;
}

void
hostile_routes_free(void)
{
	for (size_t i = 0; i < hostile_n; i++)
		free(hostile_replies[i]);
	free(hostile_replies);
	free(hostile_v);
	hostile_replies = NULL;
	hostile_v = NULL;
	hostile_n = 0;
}

/* The length of a valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t
hostile_utf8(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		lo = p[0] == 0xe0 ? 0xa0 : 0x80;
		hi = p[0] == 0xed ? 0x9f : 0xbf;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		lo = p[0] == 0xf0 ? 0x90 : 0x80;
		hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

long
hostile_unsafe_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0, l; i < n; i += l) {
		l = hostile_utf8(p + i, n - i);
		if (l == 0)
			return (long)i;
		if (p[i] == '\n' || p[i] == '\t' ||
		    (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n'))
			continue;
		if (p[i] < 0x20 || p[i] == 0x7f)
			return (long)i;
		if (l == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f)
			return (long)i;
		/* The bidirectional override. */
		if (l == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    p[i + 2] == 0xae)
			return (long)i;
	}
	return -1;
}
