/* The pane framework: rows, filter, sort, selection and marks by id. */

#include "tui/core/pane.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

struct pane *
pane_new(const struct pane_ops *ops, struct console *app, struct engine *e)
{
	struct pane *p = xcalloc(1, sizeof *p);

	p->ops = ops;
	p->app = app;
	p->engine = e;
	p->priv = ops->priv_size ? xcalloc(1, ops->priv_size) : NULL;
	p->marks = xcalloc(1, sizeof *p->marks);
	table_init(&p->table);
	p->table.sort_col = ops->default_sort;
	p->table.sort_desc = ops->default_desc;
	p->dirty = true;
	for (size_t i = 0; i < 32; i++)
		p->widths[i] = 1;
	if (ops->open)
		ops->open(p);
	return p;
}

const struct pane_ops *
pane_ops_find(const struct pane_ops *const *all, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; all[i]; i++)
		if (strcmp(all[i]->name, name) == 0 ||
		    (all[i]->alias && strcmp(all[i]->alias, name) == 0))
			return all[i];
	/* A unique prefix is fine too (":cont"). */
	for (size_t i = 0, hits = 0; all[i]; i++) {
		if (strncmp(all[i]->name, name, len) == 0 && len >= 2) {
			for (size_t j = i + 1; all[j]; j++)
				if (strncmp(all[j]->name, name, len) == 0)
					hits++;
			return hits == 0 ? all[i] : NULL;
		}
	}
	return NULL;
}

/*
 * The rows' memory: blocks handed out in order and given back all at once
 * when the rows are rebuilt. After a sync that took several blocks, the
 * next one gets a single block as big as what they held: a sync of the
 * same rows then allocates nothing, and no string carries malloc's
 * overhead.
 */
struct pane_arena {
	struct pane_arena *next;
	size_t used, cap;
	max_align_t data[];
};

#define PANE_ARENA_MIN 16384
#define PANE_ARENA_GROW_MAX 262144

static struct pane_arena *
pane_arena_block(size_t cap, struct pane_arena *next)
{
	struct pane_arena *b = xmalloc(sizeof *b + cap);

	b->next = next;
	b->used = 0;
	b->cap = cap;
	return b;
}

static void *
pane_alloc(struct pane *p, size_t n, size_t align)
{
	struct pane_arena *b = p->arena;
	size_t at, cap;

	if (b != NULL) {
		at = (b->used + align - 1) & ~(align - 1);
		if (at <= b->cap && n <= b->cap - at) {
			b->used = at + n;
			return (char *)b->data + at;
		}
	}
	cap = b == NULL                          ? PANE_ARENA_MIN
	      : b->cap < PANE_ARENA_GROW_MAX / 2 ? b->cap * 2
						 : PANE_ARENA_GROW_MAX;
	b = pane_arena_block(n > cap / 2 ? n : cap, b);
	p->arena = b;
	b->used = n;
	return b->data;
}

static char *
pane_strdup(struct pane *p, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(pane_alloc(p, n, 1), s, n);
}

static void
pane_arena_reset(struct pane *p)
{
	struct pane_arena *b = p->arena, *next;
	size_t total = 0;

	if (b == NULL)
		return;
	/* One block: reused, unless the rows now take far less of it. */
	if (b->next == NULL &&
	    (b->cap <= PANE_ARENA_MIN || b->used + b->used / 8 >= b->cap / 4)) {
		b->used = 0;
		return;
	}
	for (; b; b = next) {
		next = b->next;
		total += b->used;
		free(b);
	}
	/* What the rows took, and an eighth for them to grow. */
	p->arena = pane_arena_block(total + total / 8 + PANE_ARENA_MIN, NULL);
}

static void
pane_arena_free(struct pane *p)
{
	for (struct pane_arena *b = p->arena, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	p->arena = NULL;
}

static void
pane_clear_rows(struct pane *p)
{
	p->n_rows = 0;
	pane_arena_reset(p);
}

void
pane_free(struct pane *p)
{
	if (p == NULL)
		return;
	if (p->ops->close)
		p->ops->close(p);
	pane_clear_rows(p);
	pane_arena_free(p);
	free(p->rows);
	free(p->view);
	free(p->sel_id);
	strv_free(p->marks);
	free(p->filter);
	free(p->priv);
	free(p);
}

struct pane_row *
pane_add_row(struct pane *p, const char *id)
{
	struct pane_row *r;

	if (p->n_rows == p->cap_rows) {
		p->cap_rows = p->cap_rows ? p->cap_rows * 2 : 64;
		p->rows = xreallocarray(p->rows, p->cap_rows, sizeof *p->rows);
	}
	r = &p->rows[p->n_rows++];
	r->id = pane_strdup(p, id ? id : "");
	r->cells = pane_alloc(p,
	    (p->ops->ncols ? p->ops->ncols : 1) * sizeof *r->cells,
	    _Alignof(char *));
	memset(r->cells, 0,
	    (p->ops->ncols ? p->ops->ncols : 1) * sizeof *r->cells);
	r->keys = NULL;
	r->roles = NULL;
	r->engine = NULL;
	return r;
}

void
pane_cell(struct pane *p, struct pane_row *r, size_t col, const char *text)
{
	if (col >= p->ops->ncols)
		return;
	r->cells[col] = pane_strdup(p, text ? text : "");
}

void
pane_cellf(struct pane *p, struct pane_row *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	char buf[256], *big;
	int n;

	if (col >= p->ops->ncols)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof buf) {
		r->cells[col] = pane_strdup(p, buf);
		return;
	}
	va_start(ap, fmt);
	big = xvasprintf(fmt, ap);
	va_end(ap);
	r->cells[col] = pane_strdup(p, big);
	free(big);
}

void
pane_key(struct pane *p, struct pane_row *r, size_t col, int64_t key)
{
	if (col >= p->ops->ncols)
		return;
	if (r->keys == NULL) {
		r->keys = pane_alloc(
		    p, p->ops->ncols * sizeof *r->keys, _Alignof(int64_t));
		/* Columns without a key sort as text. */
		for (size_t i = 0; i < p->ops->ncols; i++)
			r->keys[i] = INT64_MIN;
	}
	r->keys[col] = key;
}

void
pane_role(struct pane *p, struct pane_row *r, size_t col, int role)
{
	if (col >= p->ops->ncols)
		return;
	if (r->roles == NULL) {
		r->roles = pane_alloc(
		    p, p->ops->ncols * sizeof *r->roles, _Alignof(int));
		memset(r->roles, 0, p->ops->ncols * sizeof *r->roles);
	}
	r->roles[col] = role;
}

static unsigned
pane_store_gen(const struct pane *p)
{
	const struct store *s = &p->engine->store;
	unsigned g = 0;

	for (int k = 0; k < STORE__COUNT; k++)
		if (p->ops->wants & SLOT_BIT(k))
			g += s->gen[k] * (unsigned)(k + 1);
	return g;
}

void
pane_sync(struct pane *p, bool force)
{
	unsigned g = pane_store_gen(p);

	if (!force && !p->dirty && g == p->synced_gen)
		return;
	p->synced_gen = g;
	p->dirty = false;
	pane_clear_rows(p);
	if (p->ops->sync)
		p->ops->sync(p);
	pane_review(p);
}

static bool
pane_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool
pane_matches(const struct pane *p, const struct pane_row *r)
{
	bool hit = false;

	if (p->filter == NULL || *p->filter == '\0')
		return true;
	for (size_t c = 0; c < p->ops->ncols && !hit; c++)
		if (p->widths[c] > 0 && r->cells[c] &&
		    pane_contains(r->cells[c], p->filter))
			hit = true;
	return p->filter_inverse ? !hit : hit;
}

/* qsort has no context argument in C11; the sort runs on one thread. */
static const struct pane *pane_sorting;

static int
pane_cmp(const void *a, const void *b)
{
	const struct pane *p = pane_sorting;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	const struct pane_row *ra = &p->rows[ia], *rb = &p->rows[ib];
	int c = p->table.sort_col, r = 0;

	if (c >= 0 && (size_t)c < p->ops->ncols) {
		if (ra->keys && rb->keys && ra->keys[c] != INT64_MIN &&
		    rb->keys[c] != INT64_MIN)
			r = ra->keys[c] < rb->keys[c]
				? -1
				: ra->keys[c] > rb->keys[c];
		else
			r = strcasecmp(ra->cells[c] ? ra->cells[c] : "",
			    rb->cells[c] ? rb->cells[c] : "");
		if (p->table.sort_desc)
			r = -r;
	}
	if (r == 0)
		r = ia < ib ? -1 : ia > ib;
	return r;
}

/*
 * A cell's width on screen. Most cells are printable ASCII, one column a
 * byte: those are counted without decoding (a thousand rows have ten
 * thousand cells, measured at every change of the list).
 */
static int
pane_text_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; u[n]; n++)
		if (u[n] < 0x20 || u[n] > 0x7e)
			return text_width(s);
	return n > INT_MAX ? INT_MAX : (int)n;
}

void
pane_review(struct pane *p)
{
	char *keep = p->sel_id ? xstrdup(p->sel_id) : NULL;

	free(p->view);
	p->view = xcalloc(p->n_rows ? p->n_rows : 1, sizeof *p->view);
	p->n_view = 0;
	for (size_t i = 0; i < p->n_rows; i++)
		if (pane_matches(p, &p->rows[i]))
			p->view[p->n_view++] = i;
	pane_sorting = p;
	qsort(p->view, p->n_view, sizeof *p->view, pane_cmp);
	pane_sorting = NULL;
	p->table.nrows = p->n_view;
	for (size_t c = 0; c < p->ops->ncols && c < 32; c++) {
		int cw = text_width(p->ops->cols[c].title) + 1;

		for (size_t i = 0; i < p->n_rows; i++) {
			int x = pane_text_width(p->rows[i].cells[c]);

			if (x > cw)
				cw = x;
		}
		p->content_w[c] = cw;
	}

	/* Keep the selection on the same object when it is still there. */
	if (keep == NULL || !pane_select_id(p, keep)) {
		if (p->table.sel >= p->n_view)
			p->table.sel = p->n_view ? p->n_view - 1 : 0;
		free(p->sel_id);
		p->sel_id = p->n_view
				? xstrdup(p->rows[p->view[p->table.sel]].id)
				: NULL;
	}
	free(keep);
}

size_t
pane_row_count(const struct pane *p)
{
	return p->n_view;
}

const struct pane_row *
pane_view_row(const struct pane *p, size_t i)
{
	return i < p->n_view ? &p->rows[p->view[i]] : NULL;
}

const struct pane_row *
pane_selected_row(const struct pane *p)
{
	return pane_view_row(p, p->table.sel);
}

const char *
pane_selected_id(const struct pane *p)
{
	const struct pane_row *r = pane_selected_row(p);

	return r ? r->id : NULL;
}

bool
pane_select_id(struct pane *p, const char *id)
{
	for (size_t i = 0; i < p->n_view; i++)
		if (strcmp(p->rows[p->view[i]].id, id) == 0) {
			p->table.sel = i;
			if (p->sel_id != id) {
				free(p->sel_id);
				p->sel_id = xstrdup(id);
			}
			return true;
		}
	return false;
}

static void
pane_selected_changed(struct pane *p)
{
	free(p->sel_id);
	p->sel_id =
	    p->n_view ? xstrdup(p->rows[p->view[p->table.sel]].id) : NULL;
	p->redraw = true;
}

void
pane_set_filter(struct pane *p, const char *text, bool inverse)
{
	free(p->filter);
	p->filter = text && *text ? xstrdup(text) : NULL;
	p->filter_inverse = p->filter ? inverse : false;
	pane_review(p);
	p->redraw = true;
}

void
pane_sort_next(struct pane *p)
{
	size_t n = p->ops->ncols;

	if (n == 0)
		return;
	/* Skip the columns the terminal is too narrow to show. */
	for (size_t i = 0; i < n; i++) {
		p->table.sort_col = (p->table.sort_col + 1) % (int)n;
		if (p->widths[p->table.sort_col] > 0)
			break;
	}
	pane_review(p);
	p->redraw = true;
}

void
pane_sort_reverse(struct pane *p)
{
	p->table.sort_desc = !p->table.sort_desc;
	pane_review(p);
	p->redraw = true;
}

bool
pane_is_marked(const struct pane *p, const char *id)
{
	for (char **m = p->marks; *m; m++)
		if (strcmp(*m, id) == 0)
			return true;
	return false;
}

size_t
pane_mark_count(const struct pane *p)
{
	size_t n = 0;

	/* Count only marks whose rows still exist. */
	for (size_t i = 0; i < p->n_rows; i++)
		if (pane_is_marked(p, p->rows[i].id))
			n++;
	return n;
}

void
pane_toggle_mark(struct pane *p)
{
	const char *id = pane_selected_id(p);
	size_t n = strv_len(p->marks);

	if (id == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p->marks[i], id) == 0) {
			free(p->marks[i]);
			memmove(&p->marks[i], &p->marks[i + 1],
			    (n - i) * sizeof *p->marks);
			p->redraw = true;
			return;
		}
	p->marks = xreallocarray(p->marks, n + 2, sizeof *p->marks);
	p->marks[n] = xstrdup(id);
	p->marks[n + 1] = NULL;
	p->redraw = true;
}

void
pane_clear_marks(struct pane *p)
{
	strv_free(p->marks);
	p->marks = xcalloc(1, sizeof *p->marks);
	p->redraw = true;
}

char **
pane_targets(const struct pane *p)
{
	size_t n = 0;
	char **v = xcalloc(p->n_view + 2, sizeof *v);
	const char *sel;

	for (size_t i = 0; i < p->n_view; i++) {
		const char *id = p->rows[p->view[i]].id;

		if (pane_is_marked(p, id))
			v[n++] = xstrdup(id);
	}
	if (n == 0 && (sel = pane_selected_id(p)) != NULL)
		v[n++] = xstrdup(sel);
	return v;
}

bool
pane_shown(struct pane *p)
{
	return p->ops->shown == NULL || p->ops->shown(p);
}

struct engine *
pane_selected_engine(const struct pane *p)
{
	const struct pane_row *sel = pane_selected_row(p);

	return sel && sel->engine ? sel->engine : p->engine;
}

struct engine *
pane_target_engine(const struct pane *p)
{
	struct engine *e = NULL;

	for (size_t i = 0; i < p->n_view; i++) {
		const struct pane_row *r = &p->rows[p->view[i]];
		struct engine *re = r->engine ? r->engine : p->engine;

		if (!pane_is_marked(p, r->id))
			continue;
		if (e != NULL && re != e)
			return NULL;
		e = re;
	}
	return e != NULL ? e : pane_selected_engine(p);
}

void
pane_move(struct pane *p, long delta)
{
	long s = (long)p->table.sel + delta;

	if (p->n_view == 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)p->n_view)
		s = (long)p->n_view - 1;
	p->table.sel = (size_t)s;
	pane_selected_changed(p);
}

void
pane_home(struct pane *p)
{
	p->table.sel = 0;
	pane_selected_changed(p);
}

void
pane_end(struct pane *p)
{
	p->table.sel = p->n_view ? p->n_view - 1 : 0;
	pane_selected_changed(p);
}

enum action
pane_handle_common(struct pane *p, enum action a)
{
	long page = p->view_h > 1 ? p->view_h - 1 : 1;

	switch (a) {
	case ACTION_UP:
		pane_move(p, -1);
		return ACTION_NONE;
	case ACTION_DOWN:
		pane_move(p, 1);
		return ACTION_NONE;
	case ACTION_PAGE_UP:
		pane_move(p, -page);
		return ACTION_NONE;
	case ACTION_PAGE_DOWN:
		pane_move(p, page);
		return ACTION_NONE;
	case ACTION_TOP:
		pane_home(p);
		return ACTION_NONE;
	case ACTION_BOTTOM:
		pane_end(p);
		return ACTION_NONE;
	case ACTION_SORT:
		pane_sort_next(p);
		return ACTION_NONE;
	case ACTION_SORT_REVERSE:
		pane_sort_reverse(p);
		return ACTION_NONE;
	case ACTION_MARK:
		pane_toggle_mark(p);
		pane_move(p, 1);
		return ACTION_NONE;
	default:
		return a;
	}
}

static const char *
pane_cell_cb(void *arg, size_t row, size_t col, attr_t *attr)
{
	struct pane *p = arg;
	const struct pane_row *r = pane_view_row(p, row);

	if (r == NULL)
		return NULL;
	if (r->roles && r->roles[col])
		*attr = theme_attr((enum theme_role)r->roles[col]);
	return r->cells[col];
}

static bool
pane_marked_cb(void *arg, size_t row)
{
	struct pane *p = arg;
	const struct pane_row *r = pane_view_row(p, row);

	return r && p->marks[0] && pane_is_marked(p, r->id);
}

void
pane_draw(struct pane *p, WINDOW *w, int y, int x, int h, int wd)
{
	struct table_source src = {
	    .cell = pane_cell_cb,
	    .marked = pane_marked_cb,
	    .arg = p,
	    .empty = p->ops->empty_text ? p->ops->empty_text(p) : "no rows",
	    .widths = p->widths,
	};

	if (p->ops->flags & PANE_CUSTOM) {
		if (p->ops->draw)
			p->ops->draw(p, w, y, x, h, wd);
		return;
	}
	if (p->filter && p->n_view == 0 && p->n_rows > 0)
		src.empty = "no rows match the filter (Esc clears it)";
	struct table_col cols[32];
	size_t nc = p->ops->ncols < 32 ? p->ops->ncols : 32;

	/* Bounded columns grow no wider than their widest cell, so the
	 * spare width goes where there is text to show. */
	for (size_t c = 0; c < nc; c++) {
		cols[c] = p->ops->cols[c];
		if (p->hidden_cols & (1u << c))
			cols[c].hidden = true;
		if (cols[c].max_w > 0 && p->content_w[c] < cols[c].max_w)
			cols[c].max_w = p->content_w[c] > cols[c].min_w
					    ? p->content_w[c]
					    : cols[c].min_w;
	}
	p->view_h = h - 1;
	p->y0 = y + 1;
	table_scroll_into_view(&p->table, h - 1);
	table_draw(&p->table, w, y, x, h, wd, cols, nc, &src);
}

long
pane_row_at(const struct pane *p, int y)
{
	long r;

	if (y < p->y0 || y >= p->y0 + p->view_h)
		return -1;
	r = table_row_at(&p->table, y - p->y0);
	return r >= 0 && (size_t)r < p->n_view ? r : -1;
}

long
pane_receive(struct pane *p, const char *what, const char *data, size_t len)
{
	if (p == NULL || p->ops->receive == NULL)
		return -1;
	return p->ops->receive(p, what, data, len);
}
