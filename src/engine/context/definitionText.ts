// A definition's own lines in its file, from where a language server says it starts: the
// first line and what the block holds (deeper indentation, and its closing bracket), bounded,
// so a class gives its head and first members and a function its signature and first lines.

/** Lines of a definition kept at most. */
const MAX_DEFINITION_LINES = 30;

/** The definition's lines: from its first line while the block goes on (deeper indentation or a closing line), bounded. */
export function definitionLines(text: string, startLine: number, maxLines = MAX_DEFINITION_LINES): string {
  const lines = text.split('\n');
  if (startLine >= lines.length) return '';
  const indent = (line: string) => line.length - line.trimStart().length;
  const base = indent(lines[startLine]);
  const out = [lines[startLine]];
  for (let line = startLine + 1; line < lines.length && out.length < maxLines; line++) {
    const text = lines[line];
    if (text.trim() === '') {
      out.push(text);
      continue;
    }
    if (indent(text) <= base) {
      // A closing bracket at the definition's own indentation ends it, and belongs to it.
      if (/^[\])}]/.test(text.trim())) out.push(text);
      break;
    }
    out.push(text);
  }
  while (out.length > 1 && out[out.length - 1].trim() === '') out.pop();
  return out.join('\n');
}

