// Text the user reads, from code that cannot import `vscode` (the engine, the pure models of
// the VS Code layer): they take a `t` with vscode.l10n.t's shape, and fall back to English.
// Keys are the English text with {0}-style placeholders; test/unit/runtimeNls.test.ts checks
// that every `t('...')` key is in l10n/bundle.l10n.json and in every translation.

export type Translate = (message: string, ...args: Array<string | number>) => string;

/** The English text with its placeholders filled in: what vscode.l10n.t gives without a bundle. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (args[Number(index)] === undefined ? placeholder : String(args[Number(index)])));
