// Completions remembered by the exact prompt they answered, plus typed-ahead reuse: when the
// user types characters that match the start of a completion obtained for an earlier prefix
// (same model, same suffix), the rest of it is served with no request. Accepting the first
// line or word of a multi-line completion therefore leaves the rest ready.
import { LRUCache } from 'lru-cache';

export interface CacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

interface Entry {
  readonly group: string;
  readonly prefix: string;
  /** The model's raw answer for this prefix (special tokens already removed). */
  readonly completion: string;
  /** The id of the request that gave the answer. */
  readonly origin?: number;
}

export interface CacheHit {
  /** What is left of the cached completion after the characters typed since. */
  readonly remainder: string;
  /** True when the prompt matched exactly, false for a typed-ahead match. */
  readonly exact: boolean;
  /** The id of the request that gave the answer, when it was recorded. */
  readonly origin?: number;
}

/** Entries per (model, suffix) group scanned for typed-ahead matches: bounds per-keystroke work. */
const MAX_GROUP_SCAN = 48;

export class CompletionCache {
  private readonly entries: LRUCache<string, Entry>;
  /** Newest-last list of keys per (model, suffix): the candidates for typed-ahead matches. */
  private readonly groups = new Map<string, string[]>();
  hits = 0;
  misses = 0;

  constructor(limits: CacheLimits) {
    this.entries = new LRUCache<string, Entry>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      // UTF-16: two bytes per code unit; the key holds the prompt, the entry the answer.
      sizeCalculation: (entry, key) => Math.max(1, 2 * (key.length + entry.completion.length)),
      dispose: (entry, key) => this.forget(entry.group, key),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  get calculatedBytes(): number {
    return this.entries.calculatedSize;
  }

  set(model: string, prefix: string, suffix: string, completion: string, origin?: number): void {
    if (completion === '') return;
    const group = groupKey(model, suffix);
    const key = `${group}\u0000${prefix}`;
    if (this.entries.has(key)) this.entries.delete(key);
    this.entries.set(key, { group, prefix, completion, origin });
    let keys = this.groups.get(group);
    if (!keys) {
      keys = [];
      this.groups.set(group, keys);
    }
    keys.push(key);
  }

  /** The exact entry for this prompt, else the newest earlier prefix the typing still matches. */
  get(model: string, prefix: string, suffix: string): CacheHit | undefined {
    const group = groupKey(model, suffix);
    const exact = this.entries.get(`${group}\u0000${prefix}`);
    if (exact) {
      this.hits++;
      return withOrigin({ remainder: exact.completion, exact: true }, exact.origin);
    }
    const keys = this.groups.get(group);
    if (keys) {
      const stop = Math.max(0, keys.length - MAX_GROUP_SCAN);
      for (let i = keys.length - 1; i >= stop; i--) {
        const entry = this.entries.peek(keys[i]);
        if (!entry || entry.prefix.length >= prefix.length) continue;
        // The typed tail is short and usually rules an entry out; the whole-prefix comparison
        // (as long as the prompt, other files' snippets included) runs only for a real candidate.
        const typed = prefix.slice(entry.prefix.length);
        if (entry.completion.length > typed.length && entry.completion.startsWith(typed) && prefix.startsWith(entry.prefix)) {
          this.entries.get(keys[i]); // refresh recency
          this.hits++;
          return withOrigin({ remainder: entry.completion.slice(typed.length), exact: false }, entry.origin);
        }
      }
    }
    this.misses++;
    return undefined;
  }

  clear(): void {
    this.entries.clear();
    this.groups.clear();
  }

  private forget(group: string, key: string): void {
    const keys = this.groups.get(group);
    if (!keys) return;
    const at = keys.lastIndexOf(key);
    if (at >= 0) keys.splice(at, 1);
    if (keys.length === 0) this.groups.delete(group);
  }
}

function withOrigin(hit: CacheHit, origin: number | undefined): CacheHit {
  return origin === undefined ? hit : { ...hit, origin };
}

function groupKey(model: string, suffix: string): string {
  return `${model}\u0000${suffix}`;
}
