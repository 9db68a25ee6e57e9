/*
 * The pane framework. A pane is a const struct pane_ops plus private state;
 * it turns the store into rows of cells (sync), and the framework does the
 * rest: filter, sort, selection and marks kept by id, drawing as a table.
 */
#ifndef TUI_CORE_PANE_H
#define TUI_CORE_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "tui/core/action.h"
#include "tui/core/engine.h"
#include "tui/core/kind.h"
#include "widgets/table.h"
#include "tui/core/store.h"

struct console;
struct pane;

/*
 * One row, built by sync; every string and array is the pane's, valid
 * until the next sync.
 */
struct pane_row {
	char *id;
	char **cells; /* ncols strings */
	int64_t *keys; /* numeric sort keys, or NULL to sort as text */
	int *roles; /* per-cell theme roles (0: normal) */
	/* Whose object: set by a pane over every engine; NULL: the pane's. */
	struct engine *engine;
};

#define PANE_FILTERABLE 0x01
#define PANE_CUSTOM 0x02 /* draws itself (host): no table */
/* Row ids are engine ids though the rows are no kind (image layers). */
#define PANE_ENGINE_IDS 0x04
/* Its rows are of every engine, always (fleet): every engine's lists. */
#define PANE_EVERY_ENGINE 0x08

struct pane_ops {
	const char *name; /* "containers": :commands, config, tabs */
	const char *alias; /* ":c" */
	const char *title;
	enum kind kind; /* what its rows are; KIND_NONE: see object */
	unsigned flags;
	size_t priv_size;
	const struct table_col *cols;
	size_t ncols;
	unsigned wants; /* store slots this pane shows (SLOT_BIT()s) */
	int default_sort; /* column */
	bool default_desc;

	void (*open)(struct pane *);
	void (*close)(struct pane *);
	/* Shown or hidden (stop streams and timers when hidden). */
	void (*visible)(struct pane *, bool);
	/* Rebuild the rows from the store with pane_add_row(). */
	void (*sync)(struct pane *);
	/* Draw everything (PANE_CUSTOM) into the pane's area. */
	void (*draw)(struct pane *, WINDOW *, int y, int x, int h, int w);
	/* Text under the title (e.g. the image a layers list is for). */
	const char *(*subtitle)(struct pane *);
	const char *(*empty_text)(struct pane *);
	/* Timers: called every loop pass with the time; returns next due. */
	double (*tick)(struct pane *, double now);
	/* Return ACTION_NONE when consumed, the action otherwise. */
	enum action (*handle)(struct pane *, enum action);
	/*
	 * Every event of the pane's engine (of every engine when
	 * all_engines is set), for panes that follow some directly.
	 */
	void (*handle_event)(struct pane *, const struct docker_event *);
	/*
	 * For a pane whose rows are not objects of their own (kind is
	 * KIND_NONE): the object the selected row is about, its id in *id
	 * (borrowed until the next sync or call); KIND_NONE when none.
	 */
	enum kind (*object)(struct pane *, const char **id);
	/*
	 * Data an action made for this pane, named by what (the NAT
	 * helper's "conntrack" table and its "helper" state, the "ours"
	 * exec sessions attach opened); data NULL only asks whether the
	 * pane takes it. Returns what the pane made of it (a count of
	 * entries taken, 0 when none), or -1 when it takes no such data.
	 */
	long (*receive)(
	    struct pane *, const char *what, const char *data, size_t len);
	/*
	 * What follows the pane's name in a command (":containers all");
	 * false when the pane takes no such word.
	 */
	bool (*args)(struct pane *, const char *args);
	/*
	 * Whether the pane has a tab now (NULL: always). A pane with
	 * nothing to show on its engine (the swarm panes outside a swarm)
	 * keeps out of the strip and of Tab; its :name still opens it.
	 */
	bool (*shown)(struct pane *);
};

/* Whether p has a tab now (see pane_ops.shown). */
bool pane_shown(struct pane *p);

struct pane {
	const struct pane_ops *ops;
	struct console *app; /* the console's services */
	struct engine *engine; /* whose objects it shows */
	void *priv;
	bool visible;

	struct pane_row *rows; /* everything sync produced */
	size_t n_rows, cap_rows;
	size_t *view; /* filtered and sorted indexes into rows */
	size_t n_view;

	struct table table; /* sel, top, sort for the widget */
	char *sel_id; /* kept across refreshes */
	char **marks; /* marked ids, NULL-terminated */
	unsigned hidden_cols; /* columns not shown now (1u << col) */
	/* Its rows are of every engine: it hears every engine's events. */
	bool all_engines;
	char *filter; /* NULL: none */
	bool filter_inverse;
	unsigned synced_gen; /* sum of the store generations seen */
	bool dirty; /* needs a sync */
	bool redraw; /* moved, filtered or sorted: the console draws it */
	int view_h; /* rows visible at the last draw */
	int y0; /* screen line of the first row */
	int widths[32]; /* column widths at the last draw */
	int content_w[32]; /* widest cell of each column */
	/* Where the rows' strings and arrays live: one block, reused by
	 * every sync (a thousand rows are ten thousand strings). */
	struct pane_arena *arena;
};

struct pane *pane_new(
    const struct pane_ops *, struct console *, struct engine *);
void pane_free(struct pane *);
/*
 * The pane called name or alias, or a unique prefix of at least two
 * letters (":cont"), in a NULL-terminated list; NULL when none.
 */
const struct pane_ops *pane_ops_find(
    const struct pane_ops *const *all, const char *name);

/* For sync: adds a row and returns it; set the cells with pane_cell(). */
struct pane_row *pane_add_row(struct pane *, const char *id);
void pane_cell(struct pane *, struct pane_row *, size_t col, const char *text);
void pane_cellf(struct pane *, struct pane_row *, size_t col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
void pane_key(struct pane *, struct pane_row *, size_t col, int64_t key);
void pane_role(struct pane *, struct pane_row *, size_t col, int role);

/* Runs ops->sync when the store changed, then filters and sorts. */
void pane_sync(struct pane *, bool force);
/* Re-applies filter and sort, keeping the selection by id. */
void pane_review(struct pane *);

size_t pane_row_count(const struct pane *); /* rows in view */
/* Borrowed; NULL when the view is empty. */
const char *pane_selected_id(const struct pane *);
const struct pane_row *pane_selected_row(const struct pane *);
const struct pane_row *pane_view_row(const struct pane *, size_t i);
bool pane_select_id(struct pane *, const char *id);

void pane_set_filter(struct pane *, const char *text, bool inverse);
void pane_sort_next(struct pane *);
void pane_sort_reverse(struct pane *);
void pane_toggle_mark(struct pane *);
bool pane_is_marked(const struct pane *, const char *id);
size_t pane_mark_count(const struct pane *);
void pane_clear_marks(struct pane *);
/* Marked ids still present, or the selected one when none is marked. */
char **pane_targets(const struct pane *);
/*
 * The engine the targets are on: the row's own engine in a pane over
 * every engine, else the pane's. NULL when marked rows are on several
 * engines (an action acts on one engine at a time).
 */
struct engine *pane_target_engine(const struct pane *);
/* The selected row's engine (see pane_row.engine), or the pane's. */
struct engine *pane_selected_engine(const struct pane *);

/* Moves the selection: delta rows, or to an end. */
void pane_move(struct pane *, long delta);
void pane_home(struct pane *);
void pane_end(struct pane *);

/* Calls p's receive op; -1 when p is NULL or takes no data. */
long pane_receive(
    struct pane *p, const char *what, const char *data, size_t len);

/* Default handling of the common actions (movement, sort, marks). */
enum action pane_handle_common(struct pane *, enum action);

/* Draws the pane (table or custom) into the given area. */
void pane_draw(struct pane *, WINDOW *, int y, int x, int h, int w);
/* The row index under screen line y of the last draw, or -1. */
long pane_row_at(const struct pane *, int y);

#endif
