// What the context layer needs to know of a language: how a line comment starts (the path
// header of each file in DeepSeek Coder's repository format is such a comment) and which
// family its imports and declarations follow.

export type LanguageFamily = 'python' | 'script' | 'c' | 'rust' | 'go' | 'other';

const FAMILY: Record<string, LanguageFamily> = {
  python: 'python',
  typescript: 'script',
  typescriptreact: 'script',
  javascript: 'script',
  javascriptreact: 'script',
  c: 'c',
  cpp: 'c',
  'objective-c': 'c',
  'objective-cpp': 'c',
  cuda: 'c',
  rust: 'rust',
  go: 'go',
};

const HASH_COMMENT = new Set(['python', 'ruby', 'shellscript', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir', 'julia', 'coffeescript']);
const DASH_COMMENT = new Set(['sql', 'lua', 'haskell']);
const PERCENT_COMMENT = new Set(['latex', 'tex', 'erlang', 'matlab']);

export function languageFamily(languageId: string): LanguageFamily {
  return FAMILY[languageId] ?? 'other';
}

/** A line comment holding `text` in the language's syntax, e.g. `# pkg/utils.py` or `// src/a.ts`. */
export function lineComment(languageId: string, text: string): string {
  // Text holding a line break would end the comment early and inject the rest into the prompt.
  const safe = text.replace(/[\r\n]+/g, ' ');
  if (HASH_COMMENT.has(languageId)) return `# ${safe}`;
  if (DASH_COMMENT.has(languageId)) return `-- ${safe}`;
  if (PERCENT_COMMENT.has(languageId)) return `% ${safe}`;
  if (languageId === 'html' || languageId === 'xml' || languageId === 'markdown' || languageId === 'vue' || languageId === 'svelte') return `<!-- ${safe} -->`;
  if (languageId === 'css') return `/* ${safe} */`;
  return `// ${safe}`;
}

/** A language id from a file name, for files the editor has not opened (imports read from disk). */
export function languageIdForPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot + 1).toLowerCase();
  switch (ext) {
    case 'py':
    case 'pyi':
      return 'python';
    case 'ts':
    case 'mts':
    case 'cts':
      return 'typescript';
    case 'tsx':
      return 'typescriptreact';
    case 'js':
    case 'mjs':
    case 'cjs':
      return 'javascript';
    case 'jsx':
      return 'javascriptreact';
    case 'c':
    case 'h':
      return 'c';
    case 'cc':
    case 'cpp':
    case 'cxx':
    case 'hpp':
    case 'hh':
    case 'hxx':
      return 'cpp';
    case 'rs':
      return 'rust';
    case 'go':
      return 'go';
    default:
      return 'plaintext';
  }
}
