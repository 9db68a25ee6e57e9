/* What the decoder unit tests share: fixture ids and a check that a
 * decoder refuses a text with a cause. Included by tests/unit/test_decode*.c
 * after cmocka.h. */
#ifndef BERTH_TESTS_UNIT_DECODE_CHECK_H
#define BERTH_TESTS_UNIT_DECODE_CHECK_H

#define WEB_ID                                                                 \
	"ab6cd7c573774f809476044891be8525"                                     \
	"eae9eb2da12b8e466bcfe6c9403bd17c"
#define TTY_ID                                                                 \
	"e7edc20ae8933e5e7cfad7c6e2b0190d"                                     \
	"295befea0372bbd1d4e259cd8eff06ab"

/* Decodes a literal with one decoder and checks it fails with a cause. */
#define assert_decode_fails(fn, text, want)                                    \
	do {                                                                   \
		char *cause_ = NULL;                                           \
		void *r_ = fn(text, strlen(text), &cause_);                    \
		assert_null(r_);                                               \
		assert_non_null(cause_);                                       \
		assert_non_null(strstr(cause_, want));                         \
		free(cause_);                                                  \
	} while (0)

#endif
