// Models often end a completion with the text that already follows the cursor on its line
// (`foo(|)` -> `a, b)`). Drop that repeat so the line keeps one copy, but never a bracket
// or quote the completion opened itself.
import { tailClosesOnlyOuter } from '../closingCharacters';
import type { CompletionFilter } from './filterContext';

export const cutOverlapWithLineSuffix: CompletionFilter = (text, context) => {
  const rest = context.lineSuffix.trim();
  if (rest === '') return text;
  // Single- or multi-line, the repeat sits at the end. A `)` that closes the completion's own
  // `(` is not a repeat: `foo(|)` -> `bar(1)` keeps it.
  const trimmed = text.trimEnd();
  if (trimmed.endsWith(rest) && tailClosesOnlyOuter(trimmed, rest)) return trimmed.slice(0, trimmed.length - rest.length);
  return text;
};
