// Text the extension did not write itself (model names from settings a repository may set,
// server error bodies, pull statuses) shown to the user: made plain, one line, and short.
//
// VS Code turns "[label](command:...)" in a notification into a link that runs a command on a
// click, and renders Markdown (links, images, theme icons) in a status-bar tooltip. So link
// syntax is broken up, control and direction-override characters go, and the length is capped
// (a 5 MB error body must not become a 5 MB notification). One pass over the input, and no
// more of it than the cap needs beyond runs of whitespace.

/** A cap that keeps a notification readable and still shows a server's whole usual message. */
export const UNTRUSTED_MAX_CHARS = 300;

/** Characters that open or close a link, an autolink or an HTML tag, and their plain stand-ins. */
const LINK_SYNTAX: Readonly<Record<string, string>> = { '[': '(', ']': ')', '<': '\u2039', '>': '\u203A' };

function isInvisibleOrControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f;
}

/**
 * Untrusted text as plain text for a notification, a log line or a quick-pick: one line
 * (control characters and whitespace runs become one space), no link syntax, at most maxChars
 * characters with an ellipsis when cut (never inside a surrogate pair).
 */
export function shownText(text: string, maxChars = UNTRUSTED_MAX_CHARS): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || isInvisibleOrControl(code)) {
      pendingSpace = out.length > 0;
      continue;
    }
    const ch = text[i];
    const piece = (pendingSpace ? ' ' : '') + (LINK_SYNTAX[ch] ?? ch);
    pendingSpace = false;
    if (out.length + piece.length > maxChars) return cutAt(out, maxChars - 1) + '\u2026';
    out += piece;
  }
  return out;
}

/** At most maxChars characters (an ellipsis marks the cut), line breaks kept: for messages and log lines. */
export function capText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : cutAt(text, maxChars - 1) + '\u2026';
}

/** The text cut to at most `length` characters, not between the halves of a surrogate pair. */
function cutAt(text: string, length: number): string {
  const end = Math.min(text.length, Math.max(0, length));
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, end - 1) : text.slice(0, end);
}

/**
 * What can still format text once shownText has removed link, autolink and HTML syntax: escapes,
 * code, emphasis, strike-through, entities, and "$" that opens a theme icon "$(name)".
 */
const MARKDOWN_SYNTAX = /[\\`*_~$&]/g;

/**
 * Untrusted text for a Markdown surface (the status-bar tooltip): shownText, then every
 * Markdown syntax character escaped, so it renders as exactly the characters shownText kept.
 */
export function markdownText(text: string, maxChars = UNTRUSTED_MAX_CHARS): string {
  return shownText(text, maxChars).replace(MARKDOWN_SYNTAX, '\\$&');
}
