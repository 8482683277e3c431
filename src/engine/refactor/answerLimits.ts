// What a refactor may send and receive. The answer is capped by tokens sized from the
// selection (a rewrite is about as long as what it rewrites, with room to grow), so a model
// that runs on, or a server that streams without end, costs a bounded amount. A selection of
// binary (NUL bytes, or mostly control characters) is not code and is not sent.

/** Characters per token in source code, rounded down: the cap errs on the generous side. */
const CHARS_PER_TOKEN = 3;
/** Never less: a short selection can still become a function with its docstring. */
export const MIN_ANSWER_TOKENS = 1024;
/** Never more: a selection this large is better refactored in parts. */
export const MAX_ANSWER_TOKENS = 8192;
/** Added when the model thinks first (DeepSeek counts reasoning tokens in max_tokens). */
export const THINKING_ALLOWANCE_TOKENS = 8192;

/** The answer's token cap for a selection of this many characters. */
export function refactorAnswerTokens(selectionChars: number, thinking: boolean): number {
  const forCode = Math.ceil((2 * Math.max(0, selectionChars)) / CHARS_PER_TOKEN) + 256;
  const capped = Math.min(MAX_ANSWER_TOKENS, Math.max(MIN_ANSWER_TOKENS, forCode));
  return thinking ? capped + THINKING_ALLOWANCE_TOKENS : capped;
}

/** Control characters that text files do not hold (tab, line breaks, form feed and escape aside). */
function isBinaryControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x0b && code !== 0x1b;
}

/** Whether the text is binary opened as text: a NUL byte, or over a tenth control characters. One pass. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isBinaryControl(text.charCodeAt(i))) controls++;
  return text.length > 0 && controls * 10 > text.length;
}
