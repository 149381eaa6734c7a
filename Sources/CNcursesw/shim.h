#ifndef TANGGAP_NCURSES_SHIM_H
#define TANGGAP_NCURSES_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides ncurses' wide-character API; ask for it directly.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncurses.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern int wcwidth(wchar_t);

static inline attr_t tg_a_bold(void) { return A_BOLD; }
static inline attr_t tg_a_reverse(void) { return A_REVERSE; }
static inline attr_t tg_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tg_a_dim(void) { return A_DIM; }
static inline attr_t tg_a_normal(void) { return A_NORMAL; }
static inline int tg_colors(void) { return COLORS; }
static inline int tg_color_pairs(void) { return COLOR_PAIRS; }
static inline int tg_key_f(int n) { return KEY_F(n); }
static inline mmask_t tg_mouse_events(void) { return BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t tg_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t tg_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t tg_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Starts ncurses on a terminal other than standard input and output (a pseudo-terminal the caller holds) and makes
/// it current; returns its standard screen, or NULL.
static inline WINDOW *tg_newterm_fd(const char *term, int fd) {
    FILE *out = fdopen(fd, "w");
    FILE *in = fdopen(dup(fd), "r");
    if (out == NULL || in == NULL) return NULL;
    SCREEN *screen = newterm(term, out, in);
    if (screen == NULL) return NULL;
    set_term(screen);
    return stdscr;
}

// Glibc declares these only under _XOPEN_SOURCE, which SwiftPM does not set.
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);

/// Opens a new pseudo-terminal: returns the controlling side's descriptor and writes the other side's path into
/// `name`, or returns -1.
static inline int tg_open_pty(char *name, size_t size) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (fd < 0) return -1;
    char *path = NULL;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || (path = ptsname(fd)) == NULL || strlen(path) >= size) {
        close(fd);
        return -1;
    }
    strcpy(name, path);
    return fd;
}

/// Puts one cell: up to five wide characters (a base and its combining marks) with attributes and a colour pair.
static inline int tg_put_cell(WINDOW *win, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

#endif
