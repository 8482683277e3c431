// Models often end a completion with the text that already follows the cursor on its line
// (`foo(|)` -> `a, b)`). Drop that repeat so the line keeps one copy.
import type { CompletionFilter } from './filterContext';

export const cutOverlapWithLineSuffix: CompletionFilter = (text, context) => {
  const rest = context.lineSuffix.trim();
  if (rest === '') return text;
  const firstLineEnd = text.indexOf('\n');
  const singleLine = firstLineEnd < 0;
  if (singleLine) {
    const trimmed = text.trimEnd();
    if (trimmed.endsWith(rest)) return trimmed.slice(0, trimmed.length - rest.length);
    return text;
  }
  // Multi-line: the repeat sits at the end of the last line.
  const trimmed = text.trimEnd();
  if (trimmed.endsWith(rest)) return trimmed.slice(0, trimmed.length - rest.length);
  return text;
};
