// SPDX-License-Identifier: GPL-2.0
/*
 * pty_check - vmctl on a pseudo-terminal, for cli_test.sh where there is
 * no python3 (inside the rigs): raw mode while it runs, Ctrl-A h and
 * Ctrl-A x, then a run stopped by SIGTERM; the terminal must be as before
 * each time. Prints the same lines as cli_test.sh's python:
 *
 *   ctrl-a: status=0 raw=True restored=True
 *   ctrl-a: hint=True help=True quit=True
 *   sigterm: signal=15 raw=True restored=True
 *
 * Usage: pty_check VMCTL HANG.bin [--mem N]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

struct result {
	char out[65536];
	size_t len;
	int status;
	bool raw, restored;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read the master into @r until @what shows up or @deadline passes. */
static void read_until(int master, struct result *r, const char *what,
		       double deadline)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	ssize_t n;

	while (!memmem(r->out, r->len, what, strlen(what)) &&
	       now() < deadline) {
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(master, r->out + r->len, sizeof(r->out) - 1 - r->len);
		if (n <= 0)
			return;
		r->len += n;
	}
}

static bool same_termios(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	       a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag &&
	       !memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc));
}

static void run(char **argv, const char *const *keys, const char *const *waits,
		int nkeys, int sig, struct result *r)
{
	struct termios before, during, after;
	int master, slave, i;
	double deadline = now() + 15;
	struct pollfd p;
	pid_t pid;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	if (openpty(&master, &slave, NULL, NULL, NULL)) {
		perror("openpty");
		exit(1);
	}
	tcgetattr(slave, &before);
	pid = fork();
	if (pid == 0) {
		setsid();
		close(master);
		for (i = 0; i < 3; i++)
			dup2(slave, i);
		execv(argv[0], argv);
		_exit(127);
	}
	read_until(master, r, "hanging", deadline);
	tcgetattr(slave, &during);
	r->raw = !(during.c_lflag & ICANON) && !(during.c_lflag & ECHO);
	for (i = 0; i < nkeys; i++) {
		if (write(master, keys[i], strlen(keys[i])) < 0)
			break;
		read_until(master, r, waits[i], deadline);
	}
	if (sig)
		kill(pid, sig);
	waitpid(pid, &r->status, 0);
	p.fd = master;
	p.events = POLLIN;
	while (poll(&p, 1, 100) > 0) {
		n = read(master, r->out + r->len, sizeof(r->out) - 1 - r->len);
		if (n <= 0)
			break;
		r->len += n;
	}
	r->out[r->len] = '\0';
	tcgetattr(slave, &after);
	r->restored = same_termios(&before, &after);
	close(master);
	close(slave);
}

static const char *tf(bool b)
{
	return b ? "True" : "False";
}

int main(int argc, char **argv)
{
	static const char *const keys[] = { "\001h", "\001x" };
	static const char *const waits[] = { "Ctrl-A x  quit", "\n" };
	char *args[16];
	struct result r;
	int i, n = 0;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: pty_check VMCTL HANG.bin [--mem N]\n");
		return 2;
	}
	args[n++] = argv[1];
	args[n++] = "run";
	for (i = 3; i < argc; i++)
		args[n++] = argv[i];
	args[n++] = "--kernel";
	args[n++] = argv[2];
	args[n++] = "--load-addr";
	args[n++] = "0x40100000";
	args[n++] = "--timeout";
	args[n++] = "20";
	args[n] = NULL;

	run(args, keys, waits, 2, 0, &r);
	printf("ctrl-a: status=%d raw=%s restored=%s\n", r.status, tf(r.raw),
	       tf(r.restored));
	printf("ctrl-a: hint=%s help=%s quit=%s\n",
	       tf(strstr(r.out, "Ctrl-A x quits")),
	       tf(strstr(r.out, "Ctrl-A x  quit")),
	       tf(strstr(r.out, "Ctrl-A x: stopping the guest")));
	run(args, NULL, NULL, 0, SIGTERM, &r);
	printf("sigterm: signal=%d raw=%s restored=%s\n",
	       WIFSIGNALED(r.status) ? WTERMSIG(r.status) : 0, tf(r.raw),
	       tf(r.restored));
	return 0;
}
