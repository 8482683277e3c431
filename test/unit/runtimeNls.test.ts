// The runtime strings (status bar, menus, notifications, input boxes, the usage page) come from
// vscode.l10n.t with l10n/bundle.l10n.json (English) and l10n/bundle.l10n.zh-cn.json (Simplified
// Chinese). A key missing from a bundle shows English to that language's users; a translation
// that drops a {0} drops the model name or the error; a message passed as a bare literal is
// never translated at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { english } from '../../src/engine/translate';
import { renderUsagePage } from '../../src/engine/usagePage';
import { noticeForFailure } from '../../src/vscode/model/failureNotices';
import { repoRoot } from '../bench/benchStats';
import { readManifest } from '../support/manifest';
import { BUNDLE_FILES, placeholders, readBundle, sourceFiles, translationCalls, type SourceFile } from '../support/runtimeStrings';

/** Names that read the same in every language. */
const UNTRANSLATED = new Set(['DeepSeek FIM', 'Ollama', 'DeepSeek API', 'sk-...']);

/** What a translation must keep as it is: setting ids, model names, flags, key chords, product names. */
function verbatim(text: string): string[] {
  return [...text.matchAll(/deepseekFim(?:\.\w+)+|deepseek-coder:\w+(?:[.-]\w+)*|--[\w-]+|(?:Alt|Option)\+\\|DeepSeek FIM|Ollama|llama\.cpp|llama-server|VS Code|NUL|Tab|Enter|Escape/g)].map((m) => m[0]).sort();
}

/** Lines of src/vscode that hand the user a bare English literal instead of a translated one. */
function bareLiterals(file: SourceFile): string[] {
  const shown =
    /(?:show(?:Information|Warning|Error)Message|setStatusBarMessage|showQuickPick|showInputBox)\(\s*['"`]|\btell\(\s*'(?:error|warning|info)',\s*['"`]|\b(?:title|prompt|placeHolder|placeholder|label|description|detail|tooltip|message|name)\s*[:=]\s*(['"]|`(?:\$\([\w~-]+\)\s*)?)(?=[A-Za-z])([^'"`$]*)/;
  return file.text.split('\n').flatMap((line, index) => {
    if (/^\s*(\/\/|\/?\*)/.test(line)) return [];
    const match = shown.exec(line);
    if (!match) return [];
    // A product name, or a composition that starts with one and whose other parts are translated.
    const literal = match[2] ?? '';
    if (UNTRANSLATED.has(literal) || (match[1] === '`' && literal === 'DeepSeek FIM: ')) return [];
    return [`${file.path}:${index + 1}: ${line.trim()}`];
  });
}

describe('runtime strings in English and Simplified Chinese', () => {
  const calls = sourceFiles().flatMap(translationCalls);
  const keys = new Set(calls.flatMap((call) => (call.key === undefined ? [] : [call.key])));
  const [englishBundle, chineseBundle] = BUNDLE_FILES.map(readBundle);

  it('every translated call has a literal key, so that the bundles can hold it', () => {
    assert.ok(keys.size > 150, `only ${keys.size} keys found: the scan is broken`);
    // The one forwarding wrapper (src/vscode/localize.ts) passes its caller's key on.
    const dynamic = calls.filter((call) => call.dynamic !== undefined && !(call.file.endsWith('localize.ts') && call.dynamic.startsWith('message, ...args')));
    assert.deepEqual(dynamic.map((call) => `${call.file}:${call.line}: ${call.dynamic}`), []);
  });

  it('bundle.l10n.json holds exactly the keys the sources use, each as its own English text', () => {
    assert.deepEqual([...keys].filter((key) => !(key in englishBundle)), [], 'used in src/ but not in l10n/bundle.l10n.json');
    assert.deepEqual(Object.keys(englishBundle).filter((key) => !keys.has(key)), [], 'in l10n/bundle.l10n.json but used nowhere');
    assert.deepEqual(Object.entries(englishBundle).filter(([key, text]) => key !== text), []);
  });

  it('the Chinese bundle has every English key and no other, none left empty or in English', () => {
    assert.deepEqual(Object.keys(englishBundle).filter((key) => !(key in chineseBundle)), [], 'in English only');
    assert.deepEqual(Object.keys(chineseBundle).filter((key) => !(key in englishBundle)), [], 'in Chinese only');
    assert.deepEqual(Object.entries(chineseBundle).filter(([key, text]) => text.trim() === '' || (text === key && /[a-z]{3}/.test(key.replace(/\{\d+\}/g, '')))), []);
  });

  it('a translation keeps the placeholders, setting ids and names of its English text', () => {
    const lost = Object.entries(chineseBundle).filter(([key, text]) => placeholders(key).join() !== placeholders(text).join() || verbatim(key).join() !== verbatim(text).join());
    assert.deepEqual(lost.map(([key, text]) => `${key} => ${text}`), []);
  });

  it('no message, pick or input box in src/vscode is handed a bare English literal', () => {
    assert.deepEqual(sourceFiles('src/vscode').flatMap(bareLiterals), []);
  });

  it('the manifest points VS Code at l10n/, and the .vsix ships it', () => {
    assert.equal(readManifest().l10n, './l10n');
    const ignore = readFileSync(join(repoRoot(), '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!l10n/*.json'), '.vscodeignore must keep l10n/*.json');
  });

  it('the pure modules speak the display language they are given, and English without one', () => {
    const chinese = (message: string, ...args: Array<string | number>) => english(chineseBundle[message] ?? `MISSING ${message}`, ...args);
    const notice = noticeForFailure({ kind: 'noBalance', message: '余额不足', backend: 'deepseek', model: 'deepseek-chat' }, chinese);
    assert.equal(notice?.message, 'DeepSeek FIM：余额不足');
    assert.deepEqual(notice?.actions.map((action) => action.title), ['继续']);
    assert.equal(noticeForFailure({ kind: 'noBalance', message: 'Balance empty.', backend: 'deepseek', model: undefined })?.actions[0].title, 'Resume');
    const page = renderUsagePage({ days: [], today: new Date(2026, 0, 31), prices: { currency: 'CNY', cacheHitPerMillion: 0.2, cacheMissPerMillion: 2, outputPerMillion: 3 }, nonce: 'n', t: chinese, language: 'zh-cn' });
    assert.match(page, /<html lang="zh-cn">/);
    assert.match(page, /<h1>DeepSeek API 用量<\/h1>/);
    assert.doesNotMatch(page, /MISSING/);
  });
});
