// The rest of a line that holds only closing characters (as auto-closing brackets and quotes
// leave them) is replaced by the completion rather than pushed after it, so accepting never
// duplicates a `)` or a quote, and never swallows one the completion needs for itself.

const CLOSING_ONLY = /^[\s)\]}>'"`;,]*$/;
const OPENER_OF: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const OPENERS = new Set(['(', '[', '{']);
const QUOTES = new Set(['"', "'", '`']);

export function isOnlyClosingCharacters(text: string): boolean {
  return text.trim() !== '' && CLOSING_ONLY.test(text);
}

/**
 * Whether `tail`, which ends `completion`, repeats the text after the cursor rather than
 * closing what the completion itself opened. `bar(1)` before `)` keeps its own `)`: the
 * line must become `foo(bar(1))`, not `foo(bar(1)`. `hello"` before `")` closes the string
 * opened before the cursor, so that quote is the one already on the line.
 */
export function tailClosesOnlyOuter(completion: string, tail: string): boolean {
  const body = new Tally();
  body.add(completion.slice(0, completion.length - tail.length), () => true);
  // A closer in the tail that nothing in the tail opened must not close one the body opened.
  const own = new Tally();
  if (!own.add(tail, (opener) => body.open(opener) === 0)) return false;
  // An odd number of a quote in both: the tail's quote ends a string the completion began.
  for (const quote of QUOTES) {
    if (own.quotes(quote) % 2 === 1 && body.quotes(quote) % 2 === 1) return false;
  }
  return true;
}

/** Brackets still open and quotes seen, over text added left to right. */
class Tally {
  private readonly counts = new Map<string, number>();

  open(opener: string): number {
    return this.counts.get(opener) ?? 0;
  }

  quotes(quote: string): number {
    return this.counts.get(quote) ?? 0;
  }

  /** Adds `text`; a closer with nothing open to close asks `unmatched`, and false stops it. */
  add(text: string, unmatched: (opener: string) => boolean): boolean {
    for (const ch of text) {
      const opener = OPENER_OF[ch];
      if (OPENERS.has(ch) || QUOTES.has(ch)) this.counts.set(ch, (this.counts.get(ch) ?? 0) + 1);
      else if (opener && this.open(opener) > 0) this.counts.set(opener, this.open(opener) - 1);
      else if (opener && !unmatched(opener)) return false;
    }
    return true;
  }
}

export interface InsertPlan {
  /** Text to insert in place of the range. */
  readonly insertText: string;
  /** How many characters after the cursor the inserted text replaces (on the cursor line). */
  readonly replaceLength: number;
}

/**
 * Plans the edit for a completion at the cursor. When the rest of the line is only closing
 * characters, the edit covers them and the inserted text carries each of them exactly once:
 * the ones the completion already ends with (when they close what was opened before the
 * cursor) and after them the ones it does not.
 */
export function planInsert(completion: string, lineSuffix: string): InsertPlan {
  if (!isOnlyClosingCharacters(lineSuffix)) return { insertText: completion, replaceLength: 0 };
  const rest = lineSuffix.trimEnd();
  for (let shared = rest.length; shared > 0; shared--) {
    const head = rest.slice(0, shared);
    if (completion.endsWith(head) && tailClosesOnlyOuter(completion, head)) {
      return { insertText: completion + rest.slice(shared), replaceLength: lineSuffix.length };
    }
  }
  return { insertText: completion + lineSuffix, replaceLength: lineSuffix.length };
}
