#ifndef GAZETTE_CNCURSESW_SHIM_H
#define GAZETTE_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

// Macros Swift cannot import, as typed constants and functions.
static const attr_t gz_A_NORMAL = A_NORMAL;
static const attr_t gz_A_BOLD = A_BOLD;
static const attr_t gz_A_REVERSE = A_REVERSE;
static const attr_t gz_A_UNDERLINE = A_UNDERLINE;
static const attr_t gz_A_DIM = A_DIM;
static const attr_t gz_A_ITALIC = A_ITALIC;
static const attr_t gz_A_BLINK = A_BLINK;
static inline int gz_colors(void) { return COLORS; }

// The mouse (`mouse yes`): clicks, double clicks and the wheel.
static inline void gz_enable_mouse(void) {
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
              | BUTTON5_PRESSED
#endif
              , NULL);
    mouseinterval(200);
}
/// kind: 1 click, 2 double click, 3 wheel up, 4 wheel down, 0 anything else.
static inline int gz_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (event.bstate & (BUTTON1_CLICKED | BUTTON1_RELEASED | BUTTON1_PRESSED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 3;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 4;
#endif
    return 0;
}

static inline WINDOW *gz_stdscr(void) { return stdscr; }
static inline int gz_lines(void) { return LINES; }
static inline int gz_cols(void) { return COLS; }
static inline attr_t gz_color_pair(short n) { return COLOR_PAIR(n); }
static inline void gz_set_escdelay(int ms) { set_escdelay(ms); }
static inline FILE *gz_stdout(void) { return stdout; }
static inline FILE *gz_stdin(void) { return stdin; }
/// Frees the terminal description setupterm() loaded (it was only a check).
static inline void gz_free_setupterm(void) { if (cur_term) del_curterm(cur_term); cur_term = NULL; }

#endif
