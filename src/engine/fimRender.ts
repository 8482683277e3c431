// Renders a completion request into one family's FIM prompt (for servers that take a plain
// `prompt`), and gives the stop sequences that belong to that family.
//
// Laid out for a local server's KV cache: a server re-reads every prompt token after the first
// one that differs from the prompt it holds. With the cursor line's typed part at the end of
// the prefix, each keystroke changes the prompt before the suffix, so the whole suffix is read
// again (hundreds of tokens, most of a second on a laptop). Families trained on a middle cut at
// any character (`writtenMiddle`) get the typed part after the middle token instead, as
// already-written middle: within a line, a keystroke then adds only its own few tokens.
import { SPECIAL_TOKENS } from './fimTemplate';
import { FIM_TEMPLATES, type FimTemplate } from './fimTemplates';
import type { CompletionRequest } from './types';


/** The repository name the repository markers carry when the caller gives none. */
const DEFAULT_REPO_NAME = 'workspace';

/**
 * A typed part longer than this (a minified line) stays in the prefix: a long written middle is
 * far from anything seen in training, and such a line is read again at every keystroke anyway.
 */
export const MAX_TYPED_PART_CHARS = 400;

/** DeepSeek Coder's template, which Ollama's raw prompts use. */
export const DEEPSEEK_CODER_TEMPLATE: FimTemplate = FIM_TEMPLATES.find((t) => t.id === 'deepseek-coder') as FimTemplate;

/** The prefix cut where the cursor line starts: `head` ends with a line break (or is empty). */
export interface SplitPrefix {
  readonly head: string;
  /** The cursor line up to the cursor: already-written middle. */
  readonly typed: string;
}

/**
 * Splits the prefix at the start of the cursor line (nothing moves when that line is too long).
 * Only the cursor line moves, not the lines typed above it in the same stretch: measured with
 * `npm run bench` part 8, moving the last 4, 8 or 16 lines too saved fewer keystrokes.
 */
export function splitTypedLine(prefix: string): SplitPrefix {
  const lineStart = prefix.lastIndexOf('\n') + 1;
  if (prefix.length - lineStart > MAX_TYPED_PART_CHARS) return { head: prefix, typed: '' };
  return { head: prefix.slice(0, lineStart), typed: prefix.slice(lineStart) };
}

/** Replaces {name} placeholders in one pass, so code that contains "{suffix}" stays as it is. */
function fill(pattern: string, values: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{(prefix|suffix|repo|path|text)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The template's layout around prefix and suffix, with the typed part as written middle where the family allows it. */
function layOut(template: FimTemplate, prefix: string, suffix: string): string {
  if (!template.writtenMiddle) return fill(template.layout, { prefix, suffix });
  const { head, typed } = splitTypedLine(prefix);
  return fill(template.layout, { prefix: head, suffix }) + typed;
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
    return layOut(template, request.prefix, request.suffix);
  }
  const path = context.filePath ?? 'untitled';
  const files = context.snippets.map((snippet) => fill(repository.file, { path: snippet.path, text: snippet.text })).join('');
  const current = request.prefix.slice(context.prefixOffset);
  const header = fill(repository.head, { repo: repoName }) + files + fill(repository.current, { path });
  return header + layOut(template, fill(repository.prefixHeader, { path }) + current, request.suffix);
}

/**
 * The request's own stops (a newline for a single line) without DeepSeek's tokens, which the
 * engine adds for every request, plus the template's: a Qwen server must stop at Qwen's tokens.
 */
export function templateStops(template: FimTemplate, requested: readonly string[]): string[] {
  const own = requested.filter((stop) => stop.length > 0 && !SPECIAL_TOKENS.includes(stop));
  return [...new Set([...template.stop, ...own])];
}
