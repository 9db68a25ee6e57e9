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

static void
usage(FILE *f)
{
	fputs(
	    "usage: berth [options]\n"
	    "\n"
	    "A terminal console for Docker engines.\n"
	    "\n"
	    "  -H, --host ADDR       engine address: unix:///path, "
	    "tcp://host:port\n"
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
	    "Environment: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, "
	    "NO_COLOR.\n"
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

static void
main_bundle_progress(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "%s\n", line);
}

int
main(int argc, char **argv)
{
	const char *host = NULL, *config_path = NULL, *addr, *ctx_name = NULL;
	const char *cert_path = getenv("DOCKER_CERT_PATH");
	const char *tls_env = getenv("DOCKER_TLS_VERIFY");
	struct context_endpoint ce = {0};
	char *cfg_dir, *current = NULL;
	struct endpoint_tls_opts tls = {0};
	struct app_opts ao = {0};
	struct bundle_opts bo = {0};
	const char *bundle_dir = NULL;
	struct endpoint ep;
	struct config cfg;
	struct docker *d;
	struct docker_result res;
	struct app *app;
	char *cause = NULL;
	bool named;
	int c, rc;

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "H:c:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'H':
			host = optarg;
			break;
		case 'c':
			ctx_name = optarg;
			break;
		case OPT_TLS:
			tls.tls = true;
			break;
		case OPT_TLSVERIFY:
			tls.tls_verify = true;
			break;
		case OPT_TLSCACERT:
			tls.ca_file = optarg;
			break;
		case OPT_TLSCERT:
			tls.cert_file = optarg;
			break;
		case OPT_TLSKEY:
			tls.key_file = optarg;
			break;
		case OPT_READ_ONLY:
			ao.read_only = true;
			break;
		case OPT_THEME:
			ao.theme = optarg;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			break;
		case OPT_PANE:
			ao.pane = optarg;
			break;
		case OPT_BUNDLE:
			bundle_dir = optarg;
			break;
		case OPT_BUNDLE_UNMASKED:
			bo.unmasked = true;
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
		fprintf(stderr, "berth: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage(stderr);
		return 2;
	}

	/* Like the docker CLI: -H, --context, DOCKER_HOST, DOCKER_CONTEXT,
	 * the current context of config.json, then the default socket. */
	cfg_dir = context_config_dir();
	if (host == NULL && ctx_name == NULL &&
	    !(getenv("DOCKER_HOST") && *getenv("DOCKER_HOST"))) {
		if (getenv("DOCKER_CONTEXT") && *getenv("DOCKER_CONTEXT"))
			ctx_name = getenv("DOCKER_CONTEXT");
		else
			ctx_name = current = context_current(cfg_dir);
	}
	if (host == NULL && ctx_name) {
		if (context_lookup(cfg_dir, ctx_name, &ce, &cause)) {
			host = ce.host;
			if (ce.tls_dir) {
				cert_path = ce.tls_dir;
				tls_env = ce.skip_tls_verify ? NULL : "1";
				tls.tls = true;
			}
		} else if (cause) {
			fprintf(stderr, "berth: %s\n", cause);
			free(cause);
			free(cfg_dir);
			free(current);
			return 2;
		}
	}
	free(cfg_dir);
	addr = endpoint_choose(
	    host, ce.host ? NULL : getenv("DOCKER_HOST"), &named);
	if (!endpoint_parse(&ep, addr, &cause) ||
	    !endpoint_apply_tls(&ep, &tls, tls_env, cert_path, &cause)) {
		fprintf(stderr, "berth: %s\n", cause);
		free(cause);
		endpoint_done(&ep);
		context_endpoint_done(&ce);
		free(current);
		return 2;
	}
	context_endpoint_done(&ce);
	free(current);
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	if (d == NULL) {
		fprintf(stderr, "berth: %s\n", cause);
		free(cause);
		return 2;
	}

	/* First contact before the screen changes, so that an engine that is
	 * not there gets a plain message on a plain terminal. */
	docker_sync_ping(d, &res);
	if (res.status != DOCKER_OK) {
		fprintf(stderr, "berth: %s\n",
		    res.message ? res.message : docker_status_str(res.status));
		docker_result_done(&res);
		docker_free(d);
		return 1;
	}
	docker_result_done(&res);

	/* The support bundle needs no terminal. */
	if (bundle_dir) {
		bo.progress = main_bundle_progress;
		rc = bundle_write(d, bundle_dir, &bo, &cause) ? 0 : 1;
		if (rc != 0) {
			fprintf(stderr, "berth: bundle: %s\n", cause);
			free(cause);
		}
		docker_free(d);
		return rc;
	}

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "berth: the console needs a terminal\n");
		docker_free(d);
		return 2;
	}

	config_set_pane_names(panes_names());
	config_init(&cfg);
	config_load(&cfg, config_path);
	ao.sandbox = getenv("BERTH_SANDBOX") && *getenv("BERTH_SANDBOX");
	term_init();
	app = app_new(d, &cfg, &ao);
	rc = app_run(app);
	app_free(app);
	term_stop();
	return rc;
}
