// The document as it will be once a shown completion is accepted, and, when the accepted text
// ends the line, once Enter is pressed after it: a read-only overlay on the current document
// (no copy of it), so the prompt window for that future document can be built now and its
// completion requested before the person gets there.
import type { CursorPosition, DocumentView } from './types';

/** How the editor indents the line an Enter opens (VS Code's auto-indent, as users have it on). */
export interface EnterIndentRules {
  /** One level of indentation in this editor: spaces (as many as its indent size) or a tab. */
  readonly indentUnit?: string;
  /** The document's language id: Python indents after `:` and outdents after `return`. */
  readonly languageId?: string;
}

export interface PredictedPlace {
  readonly document: DocumentView;
  readonly position: CursorPosition;
}

/** `insertText` (`\n`-separated) typed at `position`, replacing `replaceLength` characters after it. */
export function documentAfterInsert(document: DocumentView, position: CursorPosition, insertText: string, replaceLength: number): PredictedPlace {
  const line = document.lineText(position.line);
  const before = line.slice(0, position.character);
  const after = line.slice(position.character + replaceLength);
  const inserted = insertText.split('\n');
  const added = inserted.length - 1;
  const last = inserted[added];
  const changed = inserted.map((text, i) => (i === 0 ? before : '') + text + (i === added ? after : ''));
  const first = position.line;
  const view: DocumentView = {
    lineCount: document.lineCount + added,
    eol: document.eol,
    lineText: (index) => {
      if (index < first) return document.lineText(index);
      if (index <= first + added) return changed[index - first];
      return document.lineText(index - added);
    },
  };
  const character = added === 0 ? before.length + last.length : last.length;
  return { document: view, position: { line: first + added, character } };
}

/** Does nothing but whitespace follow the cursor on its line (an Enter would open the next line)? */
export function endsLine(place: PredictedPlace): boolean {
  return place.document.lineText(place.position.line).slice(place.position.character).trim() === '';
}

/** Bracket openers after which VS Code's auto-indent adds a level in every language it ships. */
const OPENS_BRACKET = /[{([]\s*$/;
/** Python's rules: a level after a trailing `:`, one less after a line that ends a block. */
const PYTHON_OPENS = /:\s*$/;
const PYTHON_ENDS_BLOCK = /^\s*(?:break|continue|pass|raise\b.*|return\b.*)$/;

/** The indentation VS Code gives the line an Enter opens after `linePrefix`. */
export function enterIndentation(linePrefix: string, rules: EnterIndentRules): string {
  const indentation = /^[ \t]*/.exec(linePrefix)?.[0] ?? '';
  const unit = rules.indentUnit ?? (indentation.includes('\t') ? '\t' : '    ');
  const python = rules.languageId === 'python';
  if (OPENS_BRACKET.test(linePrefix) || (python && PYTHON_OPENS.test(linePrefix))) return indentation + unit;
  if (python && PYTHON_ENDS_BLOCK.test(linePrefix) && indentation.endsWith(unit)) return indentation.slice(0, indentation.length - unit.length);
  return indentation;
}

/** Enter at the place: a line break, the editor's indentation, and the rest of the line below. */
export function documentAfterEnter(place: PredictedPlace, rules: EnterIndentRules): { place: PredictedPlace; lineBreak: string } {
  const linePrefix = place.document.lineText(place.position.line).slice(0, place.position.character);
  const lineBreak = `\n${enterIndentation(linePrefix, rules)}`;
  return { place: documentAfterInsert(place.document, place.position, lineBreak, 0), lineBreak };
}
