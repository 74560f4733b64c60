/*
 * PS/2 keyboard: scan code set 1 to characters (US layout), with shift,
 * control and caps lock; F1..F12 (and shift-F1..F6) go to the hook that
 * reports function keys to IS.
 */
#include "tty.h"

static const char plain[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b', '\t',
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b', '\t',
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

#define SC_LCTRL  0x1d
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CAPS   0x3a
#define SC_F1     0x3b
#define SC_F10    0x44
#define SC_F11    0x57
#define SC_F12    0x58

static int shift, ctrl, caps, extended;

/* The IS hook: IS renders the dump of that key (without waiting for it). */
void fkey_pressed(int key)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_DEV_FKEY;
	MX_BODY(&m, struct dev_fkey)->key = (uint32_t)key;
	if (asynsend(MX_IS, &m) < 0)
		sys_printf("tty: %sF%d (no IS to report it to)\n", (key & MX_FKEY_SHIFT) ? "shift-" : "",
			   key & 0xff);
}

int kbd_scancode(uint8_t sc)
{
	if (sc == 0xe0) {
		extended = 1;
		return -1;
	}
	int release = sc & 0x80, code = sc & 0x7f, ext = extended;
	extended = 0;
	if (code == SC_LSHIFT || code == SC_RSHIFT) {
		shift = !release;
		return -1;
	}
	if (code == SC_LCTRL) {
		ctrl = !release;
		return -1;
	}
	if (release || ext)
		return -1;
	if (code == SC_CAPS) {
		caps = !caps;
		return -1;
	}
	if ((code >= SC_F1 && code <= SC_F10) || code == SC_F11 || code == SC_F12) {
		int key = code <= SC_F10 ? code - SC_F1 + 1 : code - SC_F11 + 11;
		if (!shift || key <= 6)
			fkey_pressed(key | (shift ? MX_FKEY_SHIFT : 0));
		return -1;
	}
	char c = shift ? shifted[code] : plain[code];
	if (!c)
		return -1;
	if (caps && c >= 'a' && c <= 'z' && !shift)
		c = (char)(c - 'a' + 'A');
	else if (caps && c >= 'A' && c <= 'Z' && shift)
		c = (char)(c - 'A' + 'a');
	if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\\'))
		c = (char)(c & 0x1f);
	if (c == '\b')
		c = 0x7f;
	return (uint8_t)c;
}
