/* The kind registry: every row is consistent, events map to their slots. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "api/model.h"
#include "tui/core/kind.h"

/* What the detail view and the store rely on, for every row. */
static void
test_rows_are_consistent(void **state)
{
	(void)state;
	for (int k = KIND_NONE + 1; k < KIND__COUNT; k++) {
		const struct kind_info *row = kind_get((enum kind)k);

		assert_non_null(row->noun);
		assert_non_null(row->plural);
		/* Names find their kind back (:prune, event types, jumps). */
		assert_int_equal(kind_find(row->plural), k);
		assert_int_equal(kind_find(row->noun), k);
		/* A list lives in the kind's own slot, with all three calls. */
		if (row->list) {
			assert_int_equal(row->slot, k);
			assert_non_null(row->decode);
			assert_non_null(row->free);
		} else {
			assert_null(row->decode);
			assert_null(row->free);
		}
		/* i opens JSON that comes from somewhere. */
		if (kind_has_tab((enum kind)k, TAB_INSPECT) &&
		    k != KIND_ENGINE && k != KIND_EVENT)
			assert_non_null(row->inspect);
		/* Logs, stats and processes are a container's. */
		if (kind_has_tab((enum kind)k, TAB_LOGS) ||
		    kind_has_tab((enum kind)k, TAB_STATS) ||
		    kind_has_tab((enum kind)k, TAB_TOP))
			assert_int_equal(k, KIND_CONTAINER);
		/* Its events refresh at least its own list. */
		if (row->event_type && row->list)
			assert_true(row->event_slots & SLOT_BIT(k));
		if (row->event_type)
			assert_int_equal(kind_find(row->event_type), k);
	}
	assert_true(STORE__COUNT <= 32); /* slots are bits of an unsigned */
	assert_int_equal(kind_find("no such kind"), KIND_NONE);
	assert_ptr_equal(kind_get((enum kind)999), kind_get(KIND_NONE));
}

static unsigned
slots_of(const char *type, const char *action)
{
	struct docker_event e;

	memset(&e, 0, sizeof e);
	e.type = (char *)(uintptr_t)type;
	e.action = (char *)(uintptr_t)action;
	return kind_event_slots(&e);
}

static void
test_event_slots(void **state)
{
	(void)state;
	assert_int_equal(slots_of("container", "start"),
	    SLOT_BIT(STORE_CONTAINERS) | SLOT_BIT(STORE_INFO) |
		SLOT_BIT(STORE_DF));
	/* Exec sessions and top change no list. */
	assert_int_equal(slots_of("container", "exec_start: sh"), 0);
	assert_int_equal(slots_of("container", "top"), 0);
	assert_int_equal(slots_of("container", "health_status: healthy"),
	    SLOT_BIT(STORE_CONTAINERS));
	assert_int_equal(slots_of("image", "pull"),
	    SLOT_BIT(STORE_IMAGES) | SLOT_BIT(STORE_INFO) | SLOT_BIT(STORE_DF));
	assert_int_equal(slots_of("volume", "create"),
	    SLOT_BIT(STORE_VOLUMES) | SLOT_BIT(STORE_DF));
	assert_int_equal(slots_of("network", "connect"),
	    SLOT_BIT(STORE_NETWORKS) | SLOT_BIT(STORE_CONTAINERS));
	assert_int_equal(slots_of("builder", "prune"), SLOT_BIT(STORE_DF));
	assert_int_equal(slots_of("plugin", "enable"), 0);
	assert_int_equal(slots_of(NULL, NULL), 0);
}

static void
test_actions(void **state)
{
	(void)state;
	assert_true(kind_allows(KIND_CONTAINER, ACTION_STOP));
	assert_true(kind_allows(KIND_IMAGE, ACTION_TAG));
	assert_false(kind_allows(KIND_IMAGE, ACTION_STOP));
	assert_true(kind_allows(KIND_VOLUME, ACTION_REMOVE));
	assert_false(kind_allows(KIND_NONE, ACTION_REMOVE));
	assert_false(kind_allows(KIND_EVENT, ACTION_REMOVE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows_are_consistent),
	    cmocka_unit_test(test_event_slots),
	    cmocka_unit_test(test_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
