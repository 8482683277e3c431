// No trailing spaces on any line, and no blank lines at the end of a completion.
import type { CompletionFilter } from './filterContext';

export const trimTrailingWhitespace: CompletionFilter = (text) => {
  const lines = text.split('\n').map((line) => line.trimEnd());
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
};
