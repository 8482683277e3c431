// The DeepSeek Coder FIM template. The bars are U+FF5C (fullwidth vertical line) and the
// separators U+2581 (lower one eighth block): writing them with ASCII "|" or a space, as one
// extension in the field does, makes stop sequences that never match.

export const FIM_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
export const FIM_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
export const FIM_END = '<\uFF5Cfim\u2581end\uFF5C>';
export const END_OF_SENTENCE = '<\uFF5Cend\u2581of\u2581sentence\uFF5C>';

export const SPECIAL_TOKENS: readonly string[] = [FIM_BEGIN, FIM_HOLE, FIM_END, END_OF_SENTENCE];

/** The raw prompt for a DeepSeek Coder base model (v1 and V2 alike): prefix, hole, suffix. */
export function buildFimPrompt(prefix: string, suffix: string): string {
  return `${FIM_BEGIN}${prefix}${FIM_HOLE}${suffix}${FIM_END}`;
}

/** Stop sequences: the FIM tokens and EOS, plus a newline when only one line is wanted. */
export function fimStopSequences(singleLine: boolean): string[] {
  const stops = [...SPECIAL_TOKENS];
  if (singleLine) stops.push('\n');
  return stops;
}

/**
 * Document text that spells a special token (a file about DeepSeek, a test fixture, a pasted
 * prompt) must stay text: in a raw prompt Ollama would parse it as the token itself, and a
 * FIM token or EOS inside the prefix changes where the model thinks the hole is. Every DeepSeek
 * special token opens with "<" and a fullwidth bar, so the bar after "<" becomes an ASCII "|":
 * the text reads the same, keeps its length (cursor offsets and cache keys still line up) and
 * can never again be tokenised as a special token. One linear pass.
 */
export function neutraliseSpecialTokens(text: string): string {
  return text.includes('<\uFF5C') ? text.replaceAll('<\uFF5C', '<|') : text;
}
