// Decides whether a completion may span several lines or must stop at the end of the line.
import { isOnlyClosingCharacters } from './closingCharacters';

export type MultilineSetting = 'auto' | 'always' | 'never';

/** Line endings that open a block in the languages people use most. */
const BLOCK_OPENER = /(?:[{([:]|=>|->|\bdo|\bthen|\belse)\s*$/;

/**
 * Multi-line where the cursor ends a line that opens a block, or sits on a line with only
 * indentation before it; single-line (stop at the end of the line) everywhere else, in
 * particular in the middle of a line.
 */
export function isMultilinePosition(linePrefix: string, lineSuffix: string, setting: MultilineSetting): boolean {
  if (setting === 'never') return false;
  if (setting === 'always') return true;
  if (lineSuffix.trim() !== '') {
    // Between auto-closed brackets: a list or a block body may span lines, call arguments not.
    return isOnlyClosingCharacters(lineSuffix) && /[{[]\s*$/.test(linePrefix);
  }
  if (linePrefix.trim() === '') return true;
  return BLOCK_OPENER.test(linePrefix);
}
