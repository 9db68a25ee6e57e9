/* berth's entry point: options, endpoint, first contact, then the console. */

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/context.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tui/core/app.h"
#include "tui/actions/bundle.h"
#include "tui/core/config.h"
#include "tui/panes/panes.h"
#include "tui/core/term.h"
#include "tui/parts.h"
#include "widgets/text.h"

static void
usage(FILE *f)
{
	fputs(
	    "usage: berth [options]\n"
	    "\n"
	    "A terminal console for Docker engines.\n"
	    "\n"
	    "  -H, --host ADDR       engine address: unix:///path, "
	    "tcp://host:port,\n"
	    "                        ssh://[user@]host[:port];\n"
	    "                        several -H open several engines (the "
	    "first is shown)\n"
	    "  -c, --context NAME    a docker CLI context (default: "
	    "$DOCKER_HOST,\n"
	    "                        $DOCKER_CONTEXT, the current context, "
	    "else\n"
	    "                        unix:///var/run/docker.sock)\n"
	    "      --tls             use TLS (without verifying the server)\n"
	    "      --tlsverify       use TLS and verify the server\n"
	    "      --tlscacert FILE  CA certificate (default "
	    "$DOCKER_CERT_PATH/ca.pem)\n"
	    "      --tlscert FILE    client certificate (default "
	    ".../cert.pem)\n"
	    "      --tlskey FILE     client key (default .../key.pem)\n"
	    "      --read-only       refuse every action that changes "
	    "something\n"
	    "      --theme NAME      default, light, mono, or a theme file's "
	    "name\n"
	    "      --config FILE     config file (default "
	    "$XDG_CONFIG_HOME/berth/config)\n"
	    "      --pane NAME       start on this pane (containers, images, "
	    "...)\n"
	    "      --bundle DIR      write a support bundle into DIR and exit\n"
	    "      --bundle-unmasked keep secret-looking environment values in "
	    "it\n"
	    "  -v, --version         print the version and exit\n"
	    "  -h, --help            print this help and exit\n"
	    "\n"
	    "Environment: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_TLS, "
	    "DOCKER_CERT_PATH,\n"
	    "DOCKER_CONTEXT, DOCKER_CONFIG, NO_COLOR, BERTH_SSH (the ssh "
	    "program),\n"
	    "BERTH_SSH_BATCH=no (BatchMode left to the ssh config).\n"
	    "Keys: press ? in the console.\n",
	    f);
}

enum {
	OPT_TLS = 256,
	OPT_TLSVERIFY,
	OPT_TLSCACERT,
	OPT_TLSCERT,
	OPT_TLSKEY,
	OPT_READ_ONLY,
	OPT_THEME,
	OPT_CONFIG,
	OPT_PANE,
	OPT_BUNDLE,
	OPT_BUNDLE_UNMASKED,
};

static const struct option long_opts[] = {
    {"host", required_argument, NULL, 'H'},
    {"context", required_argument, NULL, 'c'},
    {"tls", no_argument, NULL, OPT_TLS},
    {"tlsverify", no_argument, NULL, OPT_TLSVERIFY},
    {"tlscacert", required_argument, NULL, OPT_TLSCACERT},
    {"tlscert", required_argument, NULL, OPT_TLSCERT},
    {"tlskey", required_argument, NULL, OPT_TLSKEY},
    {"read-only", no_argument, NULL, OPT_READ_ONLY},
    {"theme", required_argument, NULL, OPT_THEME},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"pane", required_argument, NULL, OPT_PANE},
    {"bundle", required_argument, NULL, OPT_BUNDLE},
    {"bundle-unmasked", no_argument, NULL, OPT_BUNDLE_UNMASKED},
    {"version", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/*
 * Everything main prints that is not its own fixed text (an engine's
 * answer, a header, ssh's words, a file name) goes through text_fprintf():
 * see THE RULE in widgets/text.h.
 */
static void
main_bundle_progress(void *arg, const char *line)
{
	(void)arg;
	text_fprintf(stderr, TEXT_LINES, "%s\n", line);
}

/* What the command line asked for. */
/* -H given more than this is refused. */
#define MAIN_MAX_HOSTS 64

struct main_args {
	const char *host, *ctx_name, *config_path, *bundle_dir;
	const char *more_hosts[MAIN_MAX_HOSTS]; /* -H after the first */
	size_t n_more;
	const char *cert_path, *tls_env;
	struct endpoint_tls_opts tls;
	struct app_opts ao;
	struct bundle_opts bo;
};

/* Parses the options; returns -1 to go on, else the exit status. */
static int
main_parse(int argc, char **argv, struct main_args *m)
{
	int c;

	while ((c = getopt_long(argc, argv, "H:c:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'H':
			if (m->host == NULL)
				m->host = optarg;
			else if (m->n_more < MAIN_MAX_HOSTS)
				m->more_hosts[m->n_more++] = optarg;
			else {
				text_fprintf(
				    stderr, TEXT_LINES, "berth: too many -H\n");
				return 2;
			}
			break;
		case 'c':
			m->ctx_name = optarg;
			break;
		case OPT_TLS:
			m->tls.tls = true;
			break;
		case OPT_TLSVERIFY:
			m->tls.tls_verify = true;
			break;
		case OPT_TLSCACERT:
			m->tls.ca_file = optarg;
			break;
		case OPT_TLSCERT:
			m->tls.cert_file = optarg;
			break;
		case OPT_TLSKEY:
			m->tls.key_file = optarg;
			break;
		case OPT_READ_ONLY:
			m->ao.read_only = true;
			break;
		case OPT_THEME:
			m->ao.theme = optarg;
			break;
		case OPT_CONFIG:
			m->config_path = optarg;
			break;
		case OPT_PANE:
			m->ao.pane = optarg;
			break;
		case OPT_BUNDLE:
			m->bundle_dir = optarg;
			break;
		case OPT_BUNDLE_UNMASKED:
			m->bo.unmasked = true;
			break;
		case 'v':
			printf("berth %s\n", BERTH_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		text_fprintf(stderr, TEXT_LINES,
		    "berth: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	return -1;
}

/*
 * The engine's client, chosen like the docker CLI does: -H, --context,
 * DOCKER_HOST, DOCKER_CONTEXT, the current context of config.json, then
 * the default socket. *name (owned) is the context's name when one was
 * used. NULL after printing why.
 */
static struct docker *
main_client(struct main_args *m, char **name)
{
	const char *host = m->host, *ctx_name = m->ctx_name, *addr;
	const char *cert_path = m->cert_path, *tls_env = m->tls_env;
	struct context_endpoint ce = {0};
	char *cfg_dir = context_config_dir(), *current = NULL, *cause = NULL;
	struct endpoint ep;
	struct docker *d = NULL;
	bool named;

	if (host == NULL && ctx_name == NULL &&
	    !(getenv("DOCKER_HOST") && *getenv("DOCKER_HOST"))) {
		if (getenv("DOCKER_CONTEXT") && *getenv("DOCKER_CONTEXT"))
			ctx_name = getenv("DOCKER_CONTEXT");
		else if (!context_read_current(cfg_dir, &current, &cause))
			goto out; /* a broken config.json is said, not skipped */
		else
			ctx_name = current;
	}
	if (host == NULL && ctx_name) {
		if (context_lookup(cfg_dir, ctx_name, &ce, &cause)) {
			host = ce.host;
			*name = xstrdup(ctx_name);
			if (ce.tls_dir) {
				cert_path = ce.tls_dir;
				tls_env = ce.skip_tls_verify ? NULL : "1";
				m->tls.tls = true;
			}
		} else if (cause)
			goto out;
	}
	addr = endpoint_choose(
	    host, ce.host ? NULL : getenv("DOCKER_HOST"), &named);
	if (!endpoint_parse(&ep, addr, &cause) ||
	    !endpoint_apply_tls(&ep, &m->tls, tls_env, cert_path, &cause)) {
		endpoint_done(&ep);
		goto out;
	}
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
out:
	if (cause)
		text_fprintf(stderr, TEXT_LINES, "berth: %s\n", cause);
	free(cause);
	free(cfg_dir);
	free(current);
	context_endpoint_done(&ce);
	return d;
}

/*
 * The engines of the -H options after the first, with the same TLS
 * options; false after printing why one cannot be used.
 */
static bool
main_more_engines(struct console *app, struct main_args *m)
{
	for (size_t i = 0; i < m->n_more; i++) {
		struct endpoint ep;
		struct docker *d = NULL;
		char *cause = NULL;

		if (endpoint_parse(&ep, m->more_hosts[i], &cause)) {
			if (endpoint_apply_tls(
				&ep, &m->tls, m->tls_env, m->cert_path, &cause))
				d = docker_new(&ep, &cause);
			endpoint_done(&ep);
		}
		if (d == NULL) {
			text_fprintf(stderr, TEXT_LINES, "berth: %s\n", cause);
			free(cause);
			return false;
		}
		app_add_engine(app, d, NULL, false);
	}
	return true;
}

/* Whether more engines than the first are to be opened: -H given again,
 * or engine lines in the config file. */
static bool
main_several(const struct main_args *m)
{
	struct config peek;
	bool several;

	if (m->n_more > 0)
		return true;
	config_set_pane_names(panes_names());
	config_init(&peek);
	config_load(&peek, m->config_path);
	several = peek.n_engines > 0;
	config_done(&peek);
	return several;
}

/*
 * First contact before the screen changes, so that an engine that is not
 * there gets a plain message on a plain terminal. With other engines to
 * open, one that is down is no reason not to start: the fleet pane shows
 * it reconnecting, as it would had it gone down later (not for a bundle,
 * which is of that engine).
 */
static bool
main_ping(struct docker *d, const struct main_args *m)
{
	struct docker_result res;
	bool ok;

	docker_sync_ping(d, &res);
	ok = res.status == DOCKER_OK ||
	     (m->bundle_dir == NULL && main_several(m));
	if (!ok)
		text_fprintf(stderr, TEXT_LINES, "berth: %s\n",
		    res.message ? res.message : docker_status_str(res.status));
	docker_result_done(&res);
	return ok;
}

int
main(int argc, char **argv)
{
	struct main_args m = {
	    .cert_path = getenv("DOCKER_CERT_PATH"),
	    .tls_env = getenv("DOCKER_TLS_VERIFY"),
	    .tls.tls = endpoint_env_tls(), /* DOCKER_TLS, as the CLI reads it */
	};
	struct config cfg;
	struct docker *d;
	struct console *app;
	char *cause = NULL, *name = NULL;
	int rc;

	setlocale(LC_ALL, "");
	if ((rc = main_parse(argc, argv, &m)) >= 0)
		return rc;
	if ((d = main_client(&m, &name)) == NULL)
		return 2;
	if (!main_ping(d, &m)) {
		docker_free(d);
		free(name);
		return 1;
	}
	/* The support bundle needs no terminal. */
	if (m.bundle_dir) {
		m.bo.progress = main_bundle_progress;
		rc = bundle_write(d, m.bundle_dir, &m.bo, &cause) ? 0 : 1;
		if (rc != 0) {
			text_fprintf(
			    stderr, TEXT_LINES, "berth: bundle: %s\n", cause);
			free(cause);
		}
		docker_free(d);
		free(name);
		return rc;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		text_fprintf(stderr, TEXT_LINES,
		    "berth: the console needs a terminal\n");
		docker_free(d);
		free(name);
		return 2;
	}
	/* TERM=dumb and the like: said now, not by curses half-way in. */
	if (!term_usable(&cause)) {
		text_fprintf(stderr, TEXT_LINES, "berth: %s\n", cause);
		free(cause);
		docker_free(d);
		free(name);
		return 2;
	}
	config_set_pane_names(panes_names());
	config_init(&cfg);
	config_load(&cfg, m.config_path);
	m.ao.sandbox = getenv("BERTH_SANDBOX") && *getenv("BERTH_SANDBOX");
	m.ao.engine_name = name;
	/* Several engines open on the fleet, unless a pane is asked for. */
	if ((m.n_more || cfg.n_engines) && !m.ao.pane && !cfg.start_pane)
		m.ao.pane = "fleet";
	app = app_new(d, &cfg, &m.ao, &berth_parts);
	if (!main_more_engines(app, &m)) {
		app_free(app);
		free(name);
		return 2;
	}
	term_init();
	rc = app_run(app);
	app_free(app);
	term_stop();
	free(name);
	return rc;
}
