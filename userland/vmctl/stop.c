// SPDX-License-Identifier: GPL-2.0
/*
 * stop.c - ending a run from outside the guest: --timeout, Ctrl-A x and
 * signals. Each records why (the first reason wins) and kicks the vCPU,
 * which leaves translated code at its next block boundary; the run loop
 * then sees the reason and returns the matching exit status.
 *
 * The signals that end vmctl normally (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGPIPE) stop the guest the same way, so the terminal and the console
 * are cleaned up before vmctl dies of the signal; a second one while the
 * first is being handled ends vmctl at once. Fatal signals put the
 * terminal back and then take their default action.
 */
#include <sched.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "vmctl.h"

/* reason | signal << 8; written once per run, read by the run loop. */
static int stop_state;
static void (*kick_fn)(void *arg);
static void *kick_arg;
/* Kicks under way, so that the vCPU is not freed under one. */
static int kicking;

static const int stop_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
};

static const int fatal_signals[] = {
	SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
};

/*
 * Taking the kick away waits for the kicks that already saw it: a
 * console thread or a signal handler may be using it right then.
 */
void stop_set_kick(void (*kick)(void *arg), void *arg)
{
	if (kick) {
		__atomic_store_n(&kick_arg, arg, __ATOMIC_SEQ_CST);
		__atomic_store_n(&kick_fn, kick, __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_store_n(&kick_fn, NULL, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&kicking, __ATOMIC_SEQ_CST))
		sched_yield();
	__atomic_store_n(&kick_arg, NULL, __ATOMIC_SEQ_CST);
}

void stop_request(enum stop_reason reason, int sig)
{
	void (*kick)(void *arg);
	int none = STOP_NONE;

	__atomic_compare_exchange_n(&stop_state, &none, reason | sig << 8,
				    false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&kicking, 1, __ATOMIC_SEQ_CST);
	kick = __atomic_load_n(&kick_fn, __ATOMIC_SEQ_CST);
	if (kick)
		kick(__atomic_load_n(&kick_arg, __ATOMIC_SEQ_CST));
	__atomic_sub_fetch(&kicking, 1, __ATOMIC_SEQ_CST);
}

enum stop_reason stop_reason(int *sig)
{
	int s = __atomic_load_n(&stop_state, __ATOMIC_ACQUIRE);

	if (sig)
		*sig = s >> 8;
	return s & 0xff;
}

int stop_status(const struct run_opts *o)
{
	int sig;

	switch (stop_reason(&sig)) {
	case STOP_TIMEOUT:
		vmctl_err("timeout: stopped the guest after %g s", o->timeout);
		return VMCTL_EXIT_TIMEOUT;
	case STOP_QUIT:
		return 0;
	case STOP_SIGNAL:
		return 128 + sig;
	default:
		return -1;	/* a kick that was not for a stop */
	}
}

static void on_stop_signal(int sig)
{
	static const char msg[] = "vmctl: second signal, exiting now\n";

	if (stop_reason(NULL) == STOP_SIGNAL) {
		console_restore_tty();
		if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
			_exit(128 + sig);
		_exit(128 + sig);
	}
	stop_request(STOP_SIGNAL, sig);
}

static void on_alarm(int sig)
{
	stop_request(STOP_TIMEOUT, 0);
}

/* SA_RESETHAND: after this the signal takes its default action. */
static void on_fatal_signal(int sig)
{
	console_restore_tty();
	if (sig == SIGABRT)
		raise(sig);
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	/* What the parent ignores (nohup, a shell's background job) stays so. */
	if (!sigaction(sig, NULL, &sa) && sa.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/*
 * No SA_RESTART for the stop signals: a semihosting read blocked on the
 * keyboard gives up, so that the guest reaches a block boundary.
 */
void stop_arm(double timeout)
{
	struct itimerval it;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
		handle(stop_signals[i], on_stop_signal, 0);
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		handle(fatal_signals[i], on_fatal_signal, SA_RESETHAND);
	if (timeout <= 0)
		return;
	handle(SIGALRM, on_alarm, SA_RESTART);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)timeout;
	it.it_value.tv_usec = (suseconds_t)((timeout - (time_t)timeout) * 1e6);
	if (!it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

void stop_disarm(void)
{
	struct itimerval it;
	unsigned int i;

	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	stop_set_kick(NULL, NULL);
	for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
		handle(stop_signals[i], SIG_DFL, 0);
}
