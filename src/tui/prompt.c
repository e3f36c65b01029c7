/* The one-line editor of the prompts (search, filter, export, confirm):
 * the keys of readline that people's fingers know. */
#include <string.h>

#include "dateline/text.h"
#include "tui_int.h"

#define CTRL(c) ((c) & 0x1f)

void
prompt_open(struct prompt *p, enum prompt_kind kind, const char *label,
	    const char *value)
{
	buf_reset(&p->text);
	buf_adds(&p->text, value ? value : "");
	p->pos = p->text.len;
	p->kind = kind;
	p->label = label;
	/* the export's file name is a suggestion, taken with Enter or
	 * replaced by typing (as in mc); editing keys keep it to edit */
	p->offered = kind == PROMPT_EXPORT && p->text.len;
	p->error[0] = '\0';
}

void
prompt_close(struct prompt *p)
{
	p->kind = PROMPT_NONE;
	p->error[0] = '\0';
}

size_t
prompt_utf8(int cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static size_t
prev_char(const struct prompt *p, size_t pos)
{
	while (pos > 0) {
		pos--;
		if (((unsigned char)p->text.data[pos] & 0xc0) != 0x80)
			break;
	}
	return pos;
}

static size_t
next_char(const struct prompt *p, size_t pos)
{
	int cp;

	if (pos >= p->text.len)
		return p->text.len;
	return pos + text_decode(p->text.data + pos, p->text.len - pos, &cp);
}

/* Remove bytes [from, to) of the text. */
static void
cut(struct prompt *p, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->pos = from;
}

static void
insert(struct prompt *p, int cp)
{
	char u[4];
	size_t n = prompt_utf8(cp, u);

	if (p->text.len > 4096)
		return;
	buf_grow(&p->text, n + 1);
	memmove(p->text.data + p->pos + n, p->text.data + p->pos,
		p->text.len - p->pos + 1);
	memcpy(p->text.data + p->pos, u, n);
	p->text.len += n;
	p->pos += n;
}

/* Where the word before pos starts, blanks before it skipped. */
static size_t
word_back(const struct prompt *p, size_t pos)
{
	while (pos > 0 && p->text.data[pos - 1] == ' ')
		pos--;
	while (pos > 0 && p->text.data[pos - 1] != ' ')
		pos = prev_char(p, pos);
	return pos;
}

/* Where the word after pos ends, blanks before it skipped. */
static size_t
word_forward(const struct prompt *p, size_t pos)
{
	while (pos < p->text.len && p->text.data[pos] == ' ')
		pos++;
	while (pos < p->text.len && p->text.data[pos] != ' ')
		pos = next_char(p, pos);
	return pos;
}

static enum prompt_result
edit_key(struct prompt *p, int key)
{
	switch (key) {
	case KEY_BACKSPACE: case 127: case CTRL('h'):
		cut(p, prev_char(p, p->pos), p->pos);
		return PROMPT_EDITED;
	case KEY_DC: case CTRL('d'):
		cut(p, p->pos, next_char(p, p->pos));
		return PROMPT_EDITED;
	case CTRL('u'):
		cut(p, 0, p->pos);
		return PROMPT_EDITED;
	case CTRL('k'):
		cut(p, p->pos, p->text.len);
		return PROMPT_EDITED;
	case CTRL('w'): case PROMPT_META | 127: case PROMPT_META | CTRL('h'):
	case PROMPT_META | KEY_BACKSPACE:
		cut(p, word_back(p, p->pos), p->pos);
		return PROMPT_EDITED;
	case PROMPT_META | 'd':
		cut(p, p->pos, word_forward(p, p->pos));
		return PROMPT_EDITED;
	case PROMPT_META | 'b':
		p->pos = word_back(p, p->pos);
		return PROMPT_UNCHANGED;
	case PROMPT_META | 'f':
		p->pos = word_forward(p, p->pos);
		return PROMPT_UNCHANGED;
	case CTRL('a'): case KEY_HOME:
		p->pos = 0;
		return PROMPT_UNCHANGED;
	case CTRL('e'): case KEY_END:
		p->pos = p->text.len;
		return PROMPT_UNCHANGED;
	case CTRL('b'): case KEY_LEFT:
		p->pos = prev_char(p, p->pos);
		return PROMPT_UNCHANGED;
	case CTRL('f'): case KEY_RIGHT:
		p->pos = next_char(p, p->pos);
		return PROMPT_UNCHANGED;
	case '\n': case '\r': case KEY_ENTER:
		return PROMPT_ACCEPT;
	case 27: case CTRL('g'):
		return PROMPT_CANCEL;
	default:		/* other keys, Alt-c among them: nothing */
		return PROMPT_UNCHANGED;
	}
}

enum prompt_result
prompt_key(struct prompt *p, int key, bool is_char)
{
	if (!p->text.data)
		buf_adds(&p->text, "");
	if (is_char && key >= ' ' && key != 127) {
		p->error[0] = '\0';
		if (p->offered)
			cut(p, 0, p->text.len);
		p->offered = false;
		insert(p, key);
		return PROMPT_EDITED;
	}
	p->offered = false;
	return edit_key(p, key);
}

void
prompt_draw(struct prompt *p, int y, int cols)
{
	const char *s = p->text.data ? p->text.data : "";
	int before = text_width(s, p->pos), x, room;
	size_t skip = 0;

	draw_fill(y, 0, cols, draw_attr(PART_NORMAL));
	x = draw_str(y, 0, p->label, cols, draw_attr(PART_TITLE));
	room = cols - x - 1;
	if (room < 1)
		return;
	/* Keep the edit point in view: drop characters from the left. */
	while (before > room && skip < p->pos) {
		int cp;
		size_t n = text_decode(s + skip, p->pos - skip, &cp);

		before -= text_width(s + skip, n);
		skip += n;
	}
	draw_text(y, x, s + skip, strlen(s + skip), room,
		  draw_attr(p->offered ? PART_RANGE : PART_NORMAL));
	move(y, x + before);
}
