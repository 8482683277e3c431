// The DeepSeek API keys the privacy tests hand to the extension. Free of `vscode`, so that
// test/e2e/hostSuite.test.ts can look for them on disk (logs, settings) after the suite ran.
// Their last four characters are unlikely anywhere else (mixed case with - or _), so finding
// one is a leak, not a coincidence.

/** An unknown key: the fixture answers 401, quoting its tail as DeepSeek does ("****Zq_J"). */
export const REJECTED_KEY = 'sk-hostprivacy-rejected-000000Zq_J';
/** A known key whose 401 body (a proxy's) quotes the whole key. */
export const ECHOED_KEY = 'sk-hostprivacy-echoed-0000000Wx-P';
/** A known key with no balance: 402. */
export const BROKE_KEY = 'sk-hostprivacy-broke-00000000Kv-Y';
/** A working key; a 400 body that quotes it is shown (scrubbed) in a notification. */
export const GOOD_KEY = 'sk-hostprivacy-good-000000000Hm_R';

export const PRIVACY_TEST_KEYS: readonly string[] = [REJECTED_KEY, ECHOED_KEY, BROKE_KEY, GOOD_KEY];

/** What must never be found: each key, and its last four characters (what DeepSeek quotes). */
export function keyLeaks(text: string, keys: readonly string[] = PRIVACY_TEST_KEYS): string[] {
  const found: string[] = [];
  for (const key of keys) {
    if (text.includes(key)) found.push(`the key ${key}`);
    else if (text.includes(key.slice(-4))) found.push(`the tail "${key.slice(-4)}" of ${key}`);
  }
  return found;
}
