// DeepSeek's prompt cache as the fixture documents it, as a pure in-process function: a prompt's
// tokens are its UTF-16 code units / 4 (rounded up); the tokens billed as cache hits are the
// longest common prefix with any earlier prompt of the same key, in whole 64-token units
// (256 code units). Used to cross-check the fixture and when the fixture is not available.
//
// Earlier prompts are remembered as hashes of their whole-unit prefixes (two independent 32-bit
// hashes chained unit by unit), so a run of thousands of 6,000-character prompts stays small.

export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_UNIT = 64;
const UNIT_CHARS = CHARS_PER_TOKEN * TOKENS_PER_UNIT;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface PromptBill {
  readonly promptTokens: number;
  readonly hitTokens: number;
  readonly missTokens: number;
}

export class PromptCacheModel {
  private readonly seen = new Set<string>();
  hitTokens = 0;
  missTokens = 0;
  requests = 0;

  /** Bills one prompt against the earlier ones, then remembers it. */
  bill(prompt: string): PromptBill {
    const promptTokens = estimateTokens(prompt);
    const keys = unitPrefixKeys(prompt);
    let hitUnits = 0;
    while (hitUnits < keys.length && this.seen.has(keys[hitUnits])) hitUnits++;
    for (const key of keys) this.seen.add(key);
    const hitTokens = Math.min(promptTokens, hitUnits * TOKENS_PER_UNIT);
    const bill = { promptTokens, hitTokens, missTokens: promptTokens - hitTokens };
    this.hitTokens += bill.hitTokens;
    this.missTokens += bill.missTokens;
    this.requests++;
    return bill;
  }
}

/** One key per whole unit: the hash of the prompt's first k units, for k = 1..n. */
function unitPrefixKeys(prompt: string): string[] {
  const keys: string[] = [];
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const units = Math.floor(prompt.length / UNIT_CHARS);
  for (let unit = 0; unit < units; unit++) {
    const end = (unit + 1) * UNIT_CHARS;
    for (let i = unit * UNIT_CHARS; i < end; i++) {
      const c = prompt.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193) >>> 0;
      b = (Math.imul(b, 31) + c + (b >>> 17)) >>> 0;
    }
    keys.push(`${unit}:${a.toString(36)}:${b.toString(36)}`);
  }
  return keys;
}
