// Where a prompt for a local server stops being "prefix" and becomes "already-written middle".
//
// A local server (Ollama, llama-server) re-reads every prompt token after the first one that
// differs from the prompt its KV cache holds. In the prefix-hole-suffix-middle layout, text
// moved from the end of the prefix to after the middle token leaves the prefix and the suffix
// as they were: typing then costs the server only its own new tokens. The cursor line's typed
// part always moves; so do the whole lines typed since the start of the current block of
// lines, so that an Enter does not change the prefix either (else the suffix, hundreds of
// tokens, is read again at every new line). Blocks start on document lines that are multiples
// of BLOCK_LINES: the same split for every keystroke in a block, without any state.
//
// Cost: scans back over at most BLOCK_LINES lines of the prefix, never the whole file.

/** Lines per block: the suffix is read again once per block typed, not once per line. */
export const BLOCK_LINES = 8;
/** A written middle longer than this (long lines, minified code) falls back to the typed part alone. */
export const MAX_WRITTEN_MIDDLE_CHARS = 1200;
/** A typed part longer than this stays in the prefix: far from anything seen in training. */
export const MAX_TYPED_PART_CHARS = 400;

/**
 * How many characters at the end of `prefix` are written middle, for a cursor on document line
 * `line` whose prefix window starts on `prefixStartLine` (the file's part of the prefix: a
 * repository block ahead of it is never counted).
 */
export function writtenMiddleChars(prefix: string, line: number, prefixStartLine: number): number {
  const blockStart = Math.max(prefixStartLine, Math.floor(line / BLOCK_LINES) * BLOCK_LINES);
  // The start of the cursor line, then of each line above it, back to the block's first line.
  let start = prefix.lastIndexOf('\n') + 1;
  const typed = prefix.length - start;
  if (typed > MAX_TYPED_PART_CHARS) return 0;
  for (let l = line; l > blockStart && start > 0; l--) {
    const above = prefix.lastIndexOf('\n', start - 2) + 1;
    if (prefix.length - above > MAX_WRITTEN_MIDDLE_CHARS) return typed;
    start = above;
  }
  return prefix.length - start;
}
