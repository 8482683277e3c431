// The chat messages for "Refactor Selection": a system message that asks for the rewritten
// selection alone in one fenced block, and a user message with the file, a budgeted window of
// the code around the selection (a marker where the selection sits), the selection, and last
// the instruction.
//
// Order matters for the bill: DeepSeek caches prompt prefixes, so what stays the same when the
// user tries another instruction on the same code (system message, file, context, selection)
// comes first, and the instruction comes last.
import { shapeSelection } from './cleanAnswer';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface RefactorPromptInput {
  /** VS Code's language id, e.g. "typescript". */
  readonly languageId: string;
  /** The file as the user knows it (workspace-relative path or name). */
  readonly fileName: string;
  /** The document's text before the selection start, `\n` line ends. */
  readonly before: string;
  /** The selected text, `\n` line ends. */
  readonly selection: string;
  /** The document's text after the selection end, `\n` line ends. */
  readonly after: string;
  /** What the user wants done. */
  readonly instruction: string;
  /** Budget of surrounding code in characters, before and after together; 0 sends none. */
  readonly contextChars: number;
}

/** Stands where the selection sits in the surrounding code. */
export const SELECTION_MARKER = '<<<SELECTION>>>';

export const REFACTOR_SYSTEM_PROMPT = [
  'You are an expert code editor. You rewrite one selected piece of code as the user instructs.',
  'Reply with the rewritten selection only, in exactly one fenced code block: no explanation, no code from outside the selection.',
  'Keep the selection\'s indentation, style and line structure wherever the instruction does not ask for a change, and change nothing the instruction does not ask for.',
  'The code around the selection is for reference only; never repeat it.',
].join('\n');

export interface ContextWindow {
  /** Whole lines before the selection (plus the code before it on its first line). */
  readonly before: string;
  /** The rest of the selection's last line, then whole lines after it. */
  readonly after: string;
}

export function buildRefactorPrompt(input: RefactorPromptInput): ChatMessage[] {
  const before = toLf(input.before);
  const linePrefix = before.slice(before.lastIndexOf('\n') + 1);
  const shape = shapeSelection({ text: toLf(input.selection), linePrefix });
  const language = input.languageId || 'plaintext';
  const sections = [`File: ${input.fileName}\nLanguage: ${language}`];

  const window = contextWindow(before, toLf(input.after), input.contextChars);
  if (window.before !== '' || window.after !== '') {
    // The marker stands for the selected code; blank lines selected around it stay visible, so
    // the marker sits on the line, and at the column, where the selection starts.
    const surrounding = `${window.before}${shape.leading}${SELECTION_MARKER}${shape.trailing}${window.after}`;
    sections.push(`The code around the selection, with ${SELECTION_MARKER} where the selection sits:\n${fenced(surrounding, language)}`);
  }
  sections.push(`The selection:\n${fenced(shape.promptText, language)}`);
  sections.push(`Instruction: ${input.instruction.trim()}`);
  sections.push(`Reply with the rewritten selection only, in one fenced \`${language}\` code block.`);
  return [
    { role: 'system', content: REFACTOR_SYSTEM_PROMPT },
    { role: 'user', content: sections.join('\n\n') },
  ];
}

/**
 * The code around the selection within `budget` characters, cut at line boundaries. Half the
 * budget goes to each side; what one side does not need goes to the other. The text before the
 * selection on its first line stays with the lines before (the marker's line starts with it).
 */
export function contextWindow(before: string, after: string, budget: number): ContextWindow {
  const limit = Math.max(0, Math.floor(budget));
  if (limit === 0) return { before: '', after: '' };
  const lineStart = before.lastIndexOf('\n') + 1;
  const wholeLinesBefore = before.slice(0, lineStart);
  const prefix = before.slice(lineStart);
  const beforeBudget = Math.min(before.length, Math.max(Math.floor(limit / 2), limit - after.length));
  const afterBudget = limit - beforeBudget;
  // A first line too long for the budget (minified code) is left out whole.
  const beforeText = prefix.length <= beforeBudget ? linesFromEnd(wholeLinesBefore, beforeBudget - prefix.length) + prefix : linesFromEnd(wholeLinesBefore, beforeBudget);
  return { before: beforeText, after: linesFromStart(after, afterBudget) };
}

/** The longest tail of `text` (which ends at a line end or is '') that starts a line and fits. */
function linesFromEnd(text: string, budget: number): string {
  if (text.length <= budget) return text;
  let start = text.length - budget;
  // Move forward to the next line start.
  if (text[start - 1] !== '\n') {
    const next = text.indexOf('\n', start);
    start = next < 0 ? text.length : next + 1;
  }
  return text.slice(start);
}

/** The longest head of `text` that ends at a line end (or the text's end) and fits. */
function linesFromStart(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const cut = text.lastIndexOf('\n', budget - 1);
  // Keep the line break out of the window: the window ends with the line before it.
  return cut < 0 ? '' : text.slice(0, cut);
}

/** A fenced block whose fence is longer than any backtick run in the code. */
export function fenced(code: string, language: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code}${code.endsWith('\n') ? '' : '\n'}${fence}`;
}

function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
