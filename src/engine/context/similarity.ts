// Which parts of other files look like the code around the cursor: files cut into overlapping
// windows of lines, each scored by the identifiers it shares with the cursor's surroundings
// (Jaccard similarity over identifier sets). The fallback source where no language server
// says where a name is defined.

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** Words too common in code to say anything about similarity. */
const STOP_WORDS = new Set(
  (
    'if else for while do return function def class const let var new this self true false null none undefined ' +
    'import from export as in is not and or of try catch except finally with yield await async break continue ' +
    'pass lambda raise throw public private protected static void int str string number boolean type interface ' +
    'elif switch case default extends implements super typeof instanceof delete global nonlocal assert'
  ).split(' '),
);

/** The identifiers of a text (two characters or more, common keywords left out). */
export function identifiersOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(IDENTIFIER)) {
    const word = match[0];
    if (word.length >= 2 && !STOP_WORDS.has(word)) out.add(word);
  }
  return out;
}

/** A window of a file's lines with its identifiers, scored against the cursor's surroundings. */
export interface Chunk {
  readonly path: string;
  readonly languageId: string;
  readonly startLine: number;
  readonly text: string;
  readonly identifiers: ReadonlySet<string>;
}

/** Windows of `size` lines every `stride` lines; blank-only windows are skipped. */
export function chunksOf(path: string, languageId: string, text: string, size = 20, stride = 10, maxChunks = 200): Chunk[] {
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  for (let start = 0; start < lines.length && chunks.length < maxChunks; start += stride) {
    const body = lines.slice(start, start + size).join('\n');
    if (body.trim() === '') continue;
    chunks.push({ path, languageId, startLine: start, text: body, identifiers: identifiersOf(body) });
    if (start + size >= lines.length) break;
  }
  return chunks;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
