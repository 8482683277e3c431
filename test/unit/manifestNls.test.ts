// The manifest's user-facing strings come from package.nls.json (English) and
// package.nls.zh-cn.json (Simplified Chinese). A key missing from one file shows the raw
// `%key%` to that language's users; a translation that loses a `command:` link loses the
// walkthrough's button; a `#deepseekFim.x#` link to a setting that does not exist is dead.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../bench/benchStats';
import { manifestSettings, readManifest } from '../support/manifest';

const LANGUAGE_FILES = ['package.nls.json', 'package.nls.zh-cn.json'];
const USER_FACING_FIELDS = new Set(['displayName', 'description', 'markdownDescription', 'title', 'category', 'enumDescriptions', 'markdownEnumDescriptions', 'patternErrorMessage', 'altText', 'deprecationMessage']);

function readNls(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(repoRoot(), file), 'utf8')) as Record<string, string>;
}

/** Every string under a user-facing field of the manifest, with its JSON path. */
function userFacingStrings(node: unknown, path = '', inField = false): { path: string; value: string }[] {
  if (typeof node === 'string') return inField ? [{ path, value: node }] : [];
  if (Array.isArray(node)) return node.flatMap((item, index) => userFacingStrings(item, `${path}[${index}]`, inField));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      // A setting's own `default` and a prices object's fields are data, not text.
      key === 'default' ? [] : userFacingStrings(value, `${path}.${key}`, USER_FACING_FIELDS.has(key)),
    );
  }
  return [];
}

/** What a translation must keep as it is: command links and links to settings. */
function links(text: string): string[] {
  return [...text.matchAll(/\(command:[^)]+\)|#deepseekFim\.[\w.]+#/g)].map((m) => m[0]).sort();
}

describe('manifest strings in English and Simplified Chinese', () => {
  const manifest = readManifest();
  const strings = userFacingStrings(manifest);
  const [english, chinese] = LANGUAGE_FILES.map(readNls);

  it('every user-facing manifest string is a %key%', () => {
    assert.ok(strings.length > 100, `only ${strings.length} user-facing strings found: the walk is broken`);
    assert.deepEqual(strings.filter((s) => !/^%[^%\s]+%$/.test(s.value)).map((s) => `${s.path}: ${s.value}`), []);
  });

  for (const [index, file] of LANGUAGE_FILES.entries()) {
    it(`every %key% in package.json exists in ${file}`, () => {
      const table = [english, chinese][index];
      const missing = strings.map((s) => s.value.slice(1, -1)).filter((key) => !(key in table));
      assert.deepEqual([...new Set(missing)], []);
    });
  }

  it('both files hold the same keys, none unused, none empty', () => {
    assert.deepEqual(Object.keys(english).filter((key) => !(key in chinese)), [], 'in package.nls.json only');
    assert.deepEqual(Object.keys(chinese).filter((key) => !(key in english)), [], 'in package.nls.zh-cn.json only');
    const used = new Set(strings.map((s) => s.value.slice(1, -1)));
    assert.deepEqual(Object.keys(english).filter((key) => !used.has(key)), [], 'keys package.json never uses');
    for (const table of [english, chinese]) assert.deepEqual(Object.entries(table).filter(([, text]) => text.trim() === '').map(([key]) => key), []);
  });

  it('the Chinese text keeps every command link and setting link of the English', () => {
    const lost = Object.keys(english).filter((key) => links(english[key]).join() !== links(chinese[key] ?? '').join());
    assert.deepEqual(lost, []);
  });

  it('the Chinese text is translated, not a copy (names of products and models aside)', () => {
    const copied = Object.keys(english).filter((key) => english[key] === chinese[key] && /\b[a-z]{3,}\b.*\b[a-z]{3,}\b/.test(english[key]));
    assert.deepEqual(copied, []);
  });

  it('every #deepseekFim.x# link names a declared setting', () => {
    const declared = new Set(Object.keys(manifestSettings()));
    const dead = Object.values(english).flatMap((text) => [...text.matchAll(/#(deepseekFim\.[\w.]+)#/g)].map((m) => m[1])).filter((key) => !declared.has(key));
    assert.deepEqual(dead, []);
  });
});
