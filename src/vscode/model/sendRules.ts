// The rules deciding whether a document's code may be sent to a model, on plain facts:
// sendPolicy.ts reads the facts from VS Code (trust, settings, the document) and applies them,
// for completions and the refactor command alike.

/** Schemes of documents a person edits as code (not output, log, search-editor or SCM input). */
const EDITABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

/** Whether documents of this URI scheme are code a person edits. */
export function isEditableScheme(scheme: string): boolean {
  return EDITABLE_SCHEMES.has(scheme);
}

export type Ineligible = 'scheme' | 'language' | 'excluded' | 'readonly' | 'multiCursor';

/** deepseekFim.enable: a language's own entry, else "*" (on unless set to false). */
export function isLanguageEnabled(languageId: string, enableMap: Readonly<Record<string, boolean>>): boolean {
  if (languageId in enableMap) return enableMap[languageId] === true;
  return enableMap['*'] !== false;
}

/** The enable map with the language switched the other way. */
export function withLanguageToggled(enableMap: Readonly<Record<string, boolean>>, languageId: string): Record<string, boolean> {
  return { ...enableMap, [languageId]: !isLanguageEnabled(languageId, enableMap) };
}

export interface TrustFacts {
  /** The backend sends code off this machine (the hosted API, a server elsewhere). */
  readonly sendsCodeAway: boolean;
  readonly workspaceTrusted: boolean;
  /** deepseekFim.allowHostedInUntrustedWorkspaces, the user's own choice. */
  readonly allowHostedInUntrusted: boolean;
}

/** Restricted Mode: an untrusted workspace's code does not leave the machine unless the user allowed it. */
export function isRestricted(facts: TrustFacts): boolean {
  return facts.sendsCodeAway && !facts.workspaceTrusted && !facts.allowHostedInUntrusted;
}

/** Other files' content goes with a request only from a trusted workspace, or to this machine. */
export function mayShareOtherFiles(facts: Pick<TrustFacts, 'sendsCodeAway' | 'workspaceTrusted'>): boolean {
  return !facts.sendsCodeAway || facts.workspaceTrusted;
}

/** A document's facts, checked cheapest and broadest first. Lazy: exclusion matches globs, so only when needed. */
export interface DocumentFacts {
  readonly scheme: string;
  readonly languageEnabled: boolean;
  readonly excluded: () => boolean;
  readonly readonlyFileSystem: () => boolean;
  readonly multiCursor: () => boolean;
}

/** Why completions must not be requested for the document, or undefined when they may. */
export function whyIneligibleByFacts(facts: DocumentFacts): Ineligible | undefined {
  if (!isEditableScheme(facts.scheme)) return 'scheme';
  if (!facts.languageEnabled) return 'language';
  if (facts.excluded()) return 'excluded';
  if (facts.readonlyFileSystem()) return 'readonly';
  if (facts.multiCursor()) return 'multiCursor';
  return undefined;
}
