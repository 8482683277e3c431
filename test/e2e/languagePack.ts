// A display language for code-server, which ships English only and cannot download a language
// pack here. The server resolves `--locale` through <user-data-dir>/languagepacks.json and falls
// back to English (so env.language 'en' in the extension host) when the locale has no entry.
// An entry whose translations file holds no strings is enough: VS Code's own texts stay English,
// while extensions get env.language and load their package.nls.<locale>.json and l10n bundle.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Registers an empty language pack for `locale` in code-server's user data folder. */
export function installEmptyLanguagePack(userDataDir: string, locale: string, label: string): void {
  const dir = join(userDataDir, 'e2e-language-pack', locale);
  mkdirSync(dir, { recursive: true });
  const translations = join(dir, 'main.i18n.json');
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  // One (not installed) extension named as its source: VS Code reads the first entry's identifier.
  const extensions = [{ extensionIdentifier: { id: `e2e.language-pack-${locale}` }, version: '0.0.0' }];
  const packs = { [locale]: { hash: `e2e-${locale}`, label, extensions, translations: { vscode: translations } } };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}
