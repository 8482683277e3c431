// Renders a completion request into one family's FIM prompt (for servers that take a plain
// `prompt`), and gives the stop sequences that belong to that family.
import { SPECIAL_TOKENS } from './fimTemplate';
import type { FimTemplate } from './fimTemplates';
import type { CompletionRequest } from './types';

/** The repository name the repository markers carry when the caller gives none. */
const DEFAULT_REPO_NAME = 'workspace';

/** Replaces {name} placeholders in one pass, so code that contains "{suffix}" stays as it is. */
function fill(pattern: string, values: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{(prefix|suffix|repo|path|text)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The full prompt for `template`. The engine puts other files ahead of the prefix in DeepSeek
 * Coder's layout (a path comment per file); a family with its own repository markers gets the
 * same files re-laid out with them, from the structured snippets.
 */
export function renderFimPrompt(template: FimTemplate, request: CompletionRequest, repoName = DEFAULT_REPO_NAME): string {
  const repository = template.repository;
  const context = request.context;
  if (!repository || !context || context.snippets.length === 0) {
    return fill(template.layout, { prefix: request.prefix, suffix: request.suffix });
  }
  const path = context.filePath ?? 'untitled';
  const files = context.snippets.map((snippet) => fill(repository.file, { path: snippet.path, text: snippet.text })).join('');
  const current = request.prefix.slice(context.prefixOffset);
  const header = fill(repository.head, { repo: repoName }) + files + fill(repository.current, { path });
  return header + fill(template.layout, { prefix: fill(repository.prefixHeader, { path }) + current, suffix: request.suffix });
}

/**
 * The request's own stops (a newline for a single line) without DeepSeek's tokens, which the
 * engine adds for every request, plus the template's: a Qwen server must stop at Qwen's tokens.
 */
export function templateStops(template: FimTemplate, requested: readonly string[]): string[] {
  const own = requested.filter((stop) => stop.length > 0 && !SPECIAL_TOKENS.includes(stop));
  return [...new Set([...template.stop, ...own])];
}
