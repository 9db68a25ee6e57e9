/* The detail view's processes (top) and image history tabs: tables. */

#include "tui/views/detail_priv.h"

#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/fmt.h"
#include "widgets/text.h"

static void
detail_table_to_pager(struct pager *pg, char **titles, char ***rows, size_t n)
{
	size_t nc = strv_len(titles);
	int *w = xcalloc(nc ? nc : 1, sizeof *w);
	struct buf b;

	for (size_t c = 0; c < nc; c++)
		w[c] = text_width(titles[c]);
	for (size_t r = 0; r < n; r++)
		for (size_t c = 0; c < nc && rows[r][c]; c++)
			if (c + 1 < nc && text_width(rows[r][c]) > w[c])
				w[c] = text_width(rows[r][c]);
	buf_init(&b);
	pager_clear(pg);
	for (size_t r = 0; r <= n; r++) {
		char **cells = r == 0 ? titles : rows[r - 1];

		buf_reset(&b);
		for (size_t c = 0; c < nc && cells[c]; c++) {
			buf_puts(&b, cells[c]);
			for (int k = text_width(cells[c]);
			     c + 1 < nc && k < w[c] + 2; k++)
				buf_putc(&b, ' ');
		}
		pager_append(pg, buf_cstr(&b), b.len,
		    r == 0 ? THEME_ROLE_HEADER : THEME_ROLE_NORMAL);
	}
	buf_done(&b);
	free(w);
}

static void
detail_on_top(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;
	struct docker_top *t;
	size_t keep = dt->top.top;
	bool retry = dt->top_retry;

	dt->top_call = NULL;
	dt->top_retry = false;
	dt->dirty = true;
	/* Windows engines refuse arguments to top: ask once more without. */
	if (r->status == DOCKER_ERR_HTTP && !dt->top_plain &&
	    (r->http_status == 500 || r->http_status == 400)) {
		dt->top_plain = dt->top_retry = true;
		detail_top_fetch(dt);
		return;
	}
	if (r->status != DOCKER_OK) {
		/* Refused without them too: they were not the cause. */
		if (retry)
			dt->top_plain = false;
		pager_clear(&dt->top);
		pager_append(&dt->top,
		    r->message ? r->message : docker_status_str(r->status),
		    (size_t)-1, THEME_ROLE_ERROR);
		return;
	}
	t = decode_top(r->body, r->len, &cause);
	if (t == NULL) {
		pager_clear(&dt->top);
		pager_append(&dt->top, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
		return;
	}
	detail_table_to_pager(&dt->top, t->titles, t->rows, t->n_rows);
	dt->top.follow = false;
	dt->top.top = keep < pager_count(&dt->top) ? keep : 0;
	docker_top_free(t);
}

static void
detail_on_history(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;
	struct docker_history *h;
	char ***rows;
	char t0[] = "ID", t1[] = "CREATED", t2[] = "SIZE", t3[] = "CREATED BY";
	char *titles[] = {t0, t1, t2, t3, NULL};
	int64_t now = fmt_now();

	dt->history_call = NULL;
	dt->history_loaded = true;
	dt->dirty = true;
	if (r->status != DOCKER_OK) {
		pager_append(&dt->history,
		    r->message ? r->message : docker_status_str(r->status),
		    (size_t)-1, THEME_ROLE_ERROR);
		return;
	}
	h = decode_history(r->body, r->len, &cause);
	if (h == NULL) {
		pager_append(&dt->history, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
		return;
	}
	rows = xcalloc(h->n ? h->n : 1, sizeof *rows);
	for (size_t i = 0; i < h->n; i++) {
		char id[16], ago[16], size[16];

		fmt_short_id(id, sizeof id, h->v[i].id);
		fmt_ago(ago, sizeof ago, h->v[i].created, now);
		fmt_size(size, sizeof size, h->v[i].size);
		rows[i] = xcalloc(5, sizeof **rows);
		rows[i][0] = xstrdup(id);
		rows[i][1] = xasprintf("%s ago", ago);
		rows[i][2] = xstrdup(size);
		rows[i][3] =
		    xstrdup(h->v[i].created_by ? h->v[i].created_by : "");
	}
	detail_table_to_pager(&dt->history, titles, rows, h->n);
	dt->history.follow = false;
	dt->history.top = 0;
	for (size_t i = 0; i < h->n; i++)
		strv_free(rows[i]);
	free(rows);
	docker_history_free(h);
}

void
detail_top_fetch(struct detail *dt)
{
	if (dt->top_call)
		return;
	if (strcmp(engine_os_type(dt->engine), "windows") == 0)
		dt->top_plain = true;
	dt->top_call = docker_container_top(dt->engine->d, dt->id,
	    dt->top_plain ? NULL : "-ef", detail_on_top, dt);
	/* The engine logs a "top" event per poll: the events pane hides
	 * berth's own. */
	console_own_request(dt->app, dt->engine, "top", dt->id);
}

void
detail_history_fetch(struct detail *dt)
{
	if (dt->history_loaded || dt->history_call)
		return;
	dt->history_call =
	    docker_image_history(dt->engine->d, dt->id, detail_on_history, dt);
}
