// How much two prompts share from their start: what a prompt cache (DeepSeek's, a local
// server's KV cache) can reuse of the second after the first.

/** Length of the common prefix of two strings, in UTF-16 code units. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
