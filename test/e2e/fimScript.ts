// The DeepSeek FIM prompt as the contract spells it, and scripted "models" for the fixture.
// The tokens are written out here, not imported from src/: a wrong character in the
// extension's template must make the suites fail, not be mirrored by them.

export const FIM_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
export const FIM_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
export const FIM_END = '<\uFF5Cfim\u2581end\uFF5C>';

/**
 * Prefix and suffix of a well-formed prompt, else undefined. Text after the end token is middle
 * the extension wrote already (the lines of the cursor's block, then the typed part of its
 * line): it ends the text before the cursor.
 */
export function splitFimPrompt(prompt: string): { prefix: string; suffix: string } | undefined {
  const parts = fimParts(prompt);
  return parts && { prefix: parts.head + parts.written, suffix: parts.suffix };
}

/** The prompt as laid out: the prefix before the hole (`head`), the suffix, and the written middle after the end token. */
export function fimParts(prompt: string): { head: string; suffix: string; written: string } | undefined {
  if (!prompt.startsWith(FIM_BEGIN)) return undefined;
  const hole = prompt.indexOf(FIM_HOLE);
  const end = prompt.indexOf(FIM_END);
  if (hole < 0 || end < hole || prompt.indexOf(FIM_HOLE, hole + 1) >= 0 || prompt.indexOf(FIM_END, end + 1) >= 0) return undefined;
  return { head: prompt.slice(FIM_BEGIN.length, hole), suffix: prompt.slice(hole + FIM_HOLE.length, end), written: prompt.slice(end + FIM_END.length) };
}

/**
 * A model that knows the line being written: it answers the rest of `target` after what the
 * current line already holds (indentation aside), and nothing when the line went elsewhere.
 * Like a real model it answers consistently at every keystroke.
 */
export function completesLine(target: string, extra = ''): (prompt: string) => string {
  return (prompt) => {
    const fim = splitFimPrompt(prompt);
    if (!fim) return '';
    const typed = fim.prefix.slice(fim.prefix.lastIndexOf('\n') + 1).trimStart();
    return target.startsWith(typed) ? target.slice(typed.length) + extra : '';
  };
}

/** A model that answers `answer` when the prefix ends with `ending`, and nothing otherwise. */
export function answersAfter(ending: string, answer: string): (prompt: string) => string {
  return (prompt) => (splitFimPrompt(prompt)?.prefix.endsWith(ending) ? answer : '');
}
