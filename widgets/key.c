/* Keys from curses into the one int form the widgets take. */

#include "widgets/key.h"

#include <curses.h>

int
wkey_from_wch(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES)
		return WKEY((int)ch);
	if (rc == OK)
		return (int)ch;
	return -1;
}

int
wkey_is_enter(int key)
{
	return key == '\n' || key == '\r' || key == WKEY(KEY_ENTER);
}

int
wkey_is_backspace(int key)
{
	return key == WKEY(KEY_BACKSPACE) || key == 0x7f || key == 0x08;
}
