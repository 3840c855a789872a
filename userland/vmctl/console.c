// SPDX-License-Identifier: GPL-2.0
/*
 * console.c - where the guest's UART goes, and the keyboard on a terminal.
 *
 * The accelerators write the guest's PL011 output (and semihosting's) to
 * the process's stdout, buffered; so the console is a matter of what fd 1
 * is: the terminal or pipe vmctl was given, a file, or /dev/null. A
 * console thread flushes that buffer every few milliseconds, so output
 * appears as the guest writes it without a system call per character.
 *
 * When stdin is a terminal, it is put in raw mode (output processing stays
 * on, as QEMU does, so that "\n" still returns the carriage) and the
 * console thread reads it: Ctrl-A x stops the guest, Ctrl-A h lists the
 * commands, Ctrl-A Ctrl-A sends one Ctrl-A, and everything else goes to a
 * pipe that replaces fd 0, where semihosting's reads find it. The terminal
 * is put back on every way out: normal return, exit(), the signals vmctl
 * stops on, and fatal signals (stop.c calls console_restore_tty()).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "vmctl.h"

#define CTRL_A			0x01
#define FLUSH_INTERVAL_MS	20
#define OUT_BUFFER		(64 * 1024)

static struct {
	bool open;
	enum console_kind kind;
	char *path;		/* file: PATH */
	bool created;		/* the file did not exist before */
	int saved_stdout;	/* fd 1 as vmctl got it */

	bool raw;		/* the terminal on fd 0 is in raw mode */
	int tty;		/* fd 0 as vmctl got it, when raw */
	struct termios saved_tios;
	int fwd[2];		/* keyboard -> fd 0 (semihosting reads) */

	int wake[2];		/* tells the console thread to finish */
	pthread_t thread;
	bool thread_started;
} con = {
	.saved_stdout = -1,
	.tty = -1,
	.fwd = { -1, -1 },
	.wake = { -1, -1 },
};

int console_parse(const char *spec, enum console_kind *kind,
		  const char **path)
{
	*path = NULL;
	if (!strcmp(spec, "stdio")) {
		*kind = CONSOLE_STDIO;
	} else if (!strcmp(spec, "none")) {
		*kind = CONSOLE_NONE;
	} else if (!strncmp(spec, "file:", 5) && spec[5]) {
		*kind = CONSOLE_FILE;
		*path = spec + 5;
	} else {
		return -1;
	}
	return 0;
}

void console_restore_tty(void)
{
	if (con.raw)
		tcsetattr(con.tty, TCSANOW, &con.saved_tios);
}

static void restore_tty_at_exit(void)
{
	console_restore_tty();
}

static void say_raw(const char *s)
{
	/* stderr is the terminal too: no line discipline to add "\r". */
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;
}

/* Ctrl-A sequences; returns true when the byte was consumed. */
static bool escape(int c, bool *armed)
{
	static const char help[] =
		"\r\nvmctl console: Ctrl-A x  quit\r\n"
		"               Ctrl-A h  this help\r\n"
		"               Ctrl-A Ctrl-A  send Ctrl-A\r\n";

	if (!*armed) {
		if (c != CTRL_A)
			return false;
		*armed = true;
		return true;
	}
	*armed = false;
	switch (c) {
	case 'x':
	case 'X':
		say_raw("\r\nvmctl: Ctrl-A x: stopping the guest\r\n");
		stop_request(STOP_QUIT, 0);
		return true;
	case 'h':
	case 'H':
	case '?':
		say_raw(help);
		return true;
	case CTRL_A:
		return false;	/* a literal Ctrl-A for the guest */
	default:
		return true;
	}
}

static void keyboard(void)
{
	static bool armed;
	unsigned char buf[256];
	ssize_t n, i;

	n = read(con.tty, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		if (escape(buf[i], &armed))
			continue;
		/* A full pipe drops the key: the guest is not reading. */
		if (write(con.fwd[1], &buf[i], 1) < 0)
			continue;
	}
}

static void *console_thread(void *arg)
{
	struct pollfd pfd[2] = {
		{ .fd = con.wake[0], .events = POLLIN },
		{ .fd = con.tty, .events = POLLIN },
	};
	nfds_t n = con.raw ? 2 : 1;

	for (;;) {
		poll(pfd, n, FLUSH_INTERVAL_MS);
		fflush(stdout);
		if (pfd[0].revents)
			break;
		if (n == 2 && (pfd[1].revents & (POLLHUP | POLLERR)))
			n = 1;
		else if (n == 2 && pfd[1].revents)
			keyboard();
	}
	return NULL;
}

static int raw_mode(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &con.saved_tios))
		return 0;		/* not a terminal after all */
	con.tty = dup(STDIN_FILENO);
	if (con.tty < 0 || pipe2(con.fwd, O_CLOEXEC))
		return -1;
	fcntl(con.fwd[1], F_SETFL, O_NONBLOCK);
	t = con.saved_tios;
	cfmakeraw(&t);
	t.c_oflag |= OPOST | ONLCR;
	if (tcsetattr(con.tty, TCSANOW, &t))
		return -1;
	con.raw = true;
	atexit(restore_tty_at_exit);
	return dup2(con.fwd[0], STDIN_FILENO) < 0 ? -1 : 0;
}

static int open_output(enum console_kind kind, const char *path)
{
	struct stat st;
	int fd;

	if (kind == CONSOLE_STDIO)
		return 0;
	if (kind == CONSOLE_NONE) {
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	} else {
		con.created = stat(path, &st) != 0;
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			  0644);
		if (fd < 0) {
			vmctl_err("--console file:%s: %s", path,
				  strerror(errno));
			con.created = false;
			return -1;
		}
		con.path = strdup(path);
	}
	if (fd < 0)
		return -1;
	con.saved_stdout = dup(STDOUT_FILENO);
	if (con.saved_stdout < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		vmctl_err("cannot redirect the console: %s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int console_open(enum console_kind kind, const char *path)
{
	fflush(stdout);
	con.open = true;
	con.kind = kind;
	if (open_output(kind, path))
		goto fail;
	setvbuf(stdout, NULL, _IOFBF, OUT_BUFFER);
	if (kind == CONSOLE_STDIO && isatty(STDIN_FILENO) && raw_mode()) {
		vmctl_err("cannot set up the terminal: %s", strerror(errno));
		goto fail;
	}
	if (pipe2(con.wake, O_CLOEXEC) ||
	    pthread_create(&con.thread, NULL, console_thread, NULL)) {
		vmctl_err("cannot start the console thread");
		goto fail;
	}
	con.thread_started = true;
	return 0;
fail:
	console_close(true);
	return -1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void console_close(bool failed)
{
	if (!con.open)
		return;
	con.open = false;
	if (con.thread_started) {
		if (write(con.wake[1], "", 1) == 1)
			pthread_join(con.thread, NULL);
		con.thread_started = false;
	}
	if (con.raw) {
		console_restore_tty();
		con.raw = false;
		dup2(con.tty, STDIN_FILENO);
	}
	fflush(stdout);
	if (con.saved_stdout >= 0)
		dup2(con.saved_stdout, STDOUT_FILENO);
	if (failed && con.created && con.path)
		unlink(con.path);
	close_fd(&con.saved_stdout);
	close_fd(&con.tty);
	close_fd(&con.fwd[0]);
	close_fd(&con.fwd[1]);
	close_fd(&con.wake[0]);
	close_fd(&con.wake[1]);
	free(con.path);
	con.path = NULL;
}

bool console_is_raw(void)
{
	return con.raw;
}
