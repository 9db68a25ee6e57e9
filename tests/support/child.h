/*
 * For the test servers' forked children: die with the process that forked
 * them, also when it went away before the child could ask for that (the
 * window between fork() and prctl()), so no child outlives its test.
 */
#ifndef BERTH_TESTS_SUPPORT_CHILD_H
#define BERTH_TESTS_SUPPORT_CHILD_H

#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

static inline void
child_dies_with(pid_t parent)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() != parent)
		_exit(0);
}

#endif
