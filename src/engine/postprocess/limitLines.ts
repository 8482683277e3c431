// Single-line positions get one line; multi-line ones at most maxLines.
import type { CompletionFilter } from './filterContext';

export const limitLines: CompletionFilter = (text, context) => {
  if (!context.multiline) {
    const newline = text.indexOf('\n');
    return newline < 0 ? text : text.slice(0, newline);
  }
  const lines = text.split('\n');
  if (lines.length <= context.maxLines) return text;
  // A completion that starts with a newline spends its first "line" on the cursor line.
  const keep = context.maxLines + (lines[0] === '' ? 1 : 0);
  return lines.slice(0, keep).join('\n');
};
