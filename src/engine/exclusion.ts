// Which paths are excluded (secrets): the built-in secret files, how the user's and the
// workspace's lists combine with them, and the check of a path of any URI scheme against
// glob patterns in the style of VS Code's files.exclude (matched by globMatcher.ts, in linear
// time). Matching more rather than less is the safe side: a pattern without a leading "/"
// holds at any folder of the path.
import { globMatches } from './globMatcher';

/** Secret files that never get completions and whose content is never sent, unless the user drops one. */
export const DEFAULT_EXCLUDE_GLOBS: readonly string[] = [
  '**/.env*',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/*.p12',
  '**/*.pfx',
  '**/secrets.*',
  '**/.npmrc',
  '**/.netrc',
  '**/.pypirc',
  '**/.git-credentials',
  '**/credentials.json',
  '**/*.tfvars',
  '**/*.tfvars.json',
  '**/.ssh/**',
  '**/.aws/**',
];

export interface ExclusionOptions {
  /** True where the file system ignores case (Windows, macOS): `.ENV` is then the same file as `.env`. */
  readonly caseInsensitive: boolean;
}

/** Forward slashes only (Windows paths and patterns), and case folded where the file system folds it. */
function normalise(text: string, options: ExclusionOptions): string {
  const slashes = text.replace(/\\/g, '/');
  return options.caseInsensitive ? slashes.toLowerCase() : slashes;
}

/** Whether the path (of any scheme: a file path, a URI path) matches one of the exclusion globs. */
export function isExcludedPath(path: string, globs: readonly string[], options: { caseInsensitive: boolean }): boolean {
  if (globs.length === 0 || path === '') return false;
  const subject = normalise(path, options);
  return globs.some((glob) => glob.trim() !== '' && globMatches(normalise(glob.trim(), options), subject));
}

/**
 * The exclusion list in force: the defaults (minus any the user drops with a "!" entry naming
 * one exactly), plus the user's own patterns, plus whatever the workspace adds. A workspace
 * can only add: its "!" entries are ignored, so a cloned repository cannot re-enable a secret file.
 */
export function effectiveExcludeGlobs(userGlobs: readonly string[], workspaceGlobs: readonly string[]): string[] {
  const dropped = new Set(userGlobs.filter((g) => g.startsWith('!')).map((g) => g.slice(1).trim()));
  const result = new Set<string>(DEFAULT_EXCLUDE_GLOBS.filter((g) => !dropped.has(g)));
  for (const glob of [...userGlobs, ...workspaceGlobs]) {
    if (typeof glob === 'string' && glob.trim() !== '' && !glob.startsWith('!')) result.add(glob.trim());
  }
  return [...result];
}

/** The parts of a URI the exclusion check reads (vscode.Uri has them). */
export interface UriLike {
  readonly scheme: string;
  readonly path: string;
  readonly fsPath: string;
}

/**
 * The paths to test a document's URI against, whatever its scheme: the URI path for every
 * scheme (a virtual file system, an untitled document given a path, the user's own settings,
 * a notebook), plus the file-system path of a local file (drive letter and backslashes on
 * Windows). A notebook cell is checked by its notebook's URI, which the caller passes.
 */
export function exclusionPaths(uri: UriLike): string[] {
  const paths = [uri.path];
  if (uri.scheme === 'file' && uri.fsPath !== uri.path) paths.push(uri.fsPath);
  return paths;
}

/** Whether the file system of this platform ignores case (Windows and macOS by default). */
export function platformIgnoresCase(platform: string): boolean {
  return platform === 'win32' || platform === 'darwin';
}
