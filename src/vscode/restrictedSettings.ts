// The settings that change what is sent, where it goes, or what it costs. In Restricted Mode
// (an untrusted workspace) only the user's own values of these count: a cloned repository's
// .vscode/settings.json cannot pick the model, raise the token cap or the context sent, turn
// completions on for a language, or steer the refactor. package.json declares the same list in
// capabilities.untrustedWorkspaces.restrictedConfigurations (a unit test keeps them equal).
// Endpoint settings are machine-scoped besides, so no workspace value of theirs is ever read.
// No vscode import: the unit tests read this list in plain Node.

/** Keys under the deepseekFim section. */
export const RESTRICTED_SETTINGS: readonly string[] = [
  'backend',
  'enable',
  'ollama.model',
  'deepseek.model',
  'deepseek.speculative',
  'openaiCompatible.model',
  'openaiCompatible.promptMode',
  'openaiCompatible.fimTemplate',
  'llamaCpp.model',
  'maxTokens',
  'context.maxChars',
  'context.otherFilesMaxChars',
  'refactor.deepseekModel',
  'refactor.thinking',
  'refactor.ollamaModel',
  'refactor.contextChars',
  'nextEdit.enabled',
  'nextEdit.ollamaModel',
  'nextEdit.deepseekModel',
];

const RESTRICTED = new Set(RESTRICTED_SETTINGS);

export function isRestrictedSetting(key: string): boolean {
  return RESTRICTED.has(key);
}
