// User settings that make a run deterministic (see ../shared/docs/real-vscode-tests.md): no
// Restricted Mode, nothing that steals focus, no other suggestions competing with ghost text,
// no background installs. Auto-closing is off here; the auto-closing scenario turns it on.
export const DETERMINISTIC_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': 'off',
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'js/ts.tsserver.automaticTypeAcquisition.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'js/ts.tsserver.useSyntaxServer': 'always',
  'typescript.tsserver.useSyntaxServer': 'always',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.parameterHints.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.inlineSuggest.enabled': true,
  'editor.inlineSuggest.showToolbar': 'never',
  'editor.minimap.enabled': false,
  'editor.hover.enabled': 'off',
  'workbench.editor.enablePreview': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
  'files.autoSave': 'off',
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'extensions.ignoreRecommendations': true,
  'window.commandCenter': false,
};

/** The extension's settings for a suite whose Ollama is a fixture at `ollamaUrl`. */
export function extensionSettings(ollamaUrl: string): Record<string, unknown> {
  return {
    'deepseekFim.backend': 'ollama',
    'deepseekFim.ollama.host': ollamaUrl,
    'deepseekFim.ollama.model': 'deepseek-coder:1.3b-base',
  };
}
