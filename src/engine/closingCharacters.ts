// The rest of a line that holds only closing characters (as auto-closing brackets and quotes
// leave them) is replaced by the completion rather than pushed after it, so accepting never
// duplicates a `)` or a quote.

const CLOSING_ONLY = /^[\s)\]}>'"`;,]*$/;

export function isOnlyClosingCharacters(text: string): boolean {
  return text.trim() !== '' && CLOSING_ONLY.test(text);
}

export interface InsertPlan {
  /** Text to insert in place of the range. */
  readonly insertText: string;
  /** How many characters after the cursor the inserted text replaces (on the cursor line). */
  readonly replaceLength: number;
}

/**
 * Plans the edit for a completion at the cursor. When the rest of the line is only closing
 * characters, the edit covers them and the completion carries them at its end (the
 * completion was already cut where it repeated them), so exactly one copy remains.
 */
export function planInsert(completion: string, lineSuffix: string): InsertPlan {
  if (!isOnlyClosingCharacters(lineSuffix)) return { insertText: completion, replaceLength: 0 };
  const rest = lineSuffix.trimEnd();
  if (completion.endsWith(rest)) return { insertText: completion, replaceLength: lineSuffix.length };
  return { insertText: completion + lineSuffix, replaceLength: lineSuffix.length };
}
