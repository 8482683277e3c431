// A multi-line completion that reaches the code below the cursor would write it twice:
// cut it where one of its lines equals the next non-blank line after the cursor line
// (compared with indentation, so an inner `}` does not match the outer one).
import type { CompletionFilter } from './filterContext';

export const cutAtRepeatedSuffixLines: CompletionFilter = (text, context) => {
  if (!context.multiline || !text.includes('\n')) return text;
  const nextLine = firstNonBlankLine(context.suffixBelow);
  if (nextLine === undefined) return text;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trimEnd() === nextLine) return lines.slice(0, i).join('\n');
  }
  return text;
};

function firstNonBlankLine(text: string): string | undefined {
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (line.trim() !== '') return line.trimEnd();
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}
