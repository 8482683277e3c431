// The layout most extensions use, for the prompt-cache comparison: the prefix is the last
// `budget` characters before the cursor, cut forward to a line start, recomputed at every
// keystroke, so its first line moves as the user types and the prompt's beginning keeps changing.
import { safeStart } from '../../src/engine/promptWindow';

/** The sliding-window prefix for a cursor at `cursor` in `text`. */
export function slidingPrefix(text: string, cursor: number, budget: number): string {
  const earliest = Math.max(0, cursor - budget);
  if (earliest === 0) return text.slice(0, cursor);
  // Start at the first line start at or after `earliest` (the cut never splits a line).
  const lineStart = text.lastIndexOf('\n', earliest - 1) + 1 === earliest ? earliest : text.indexOf('\n', earliest) + 1;
  if (lineStart <= 0 || lineStart > cursor) {
    // One line longer than the budget: cut inside it.
    return text.slice(safeStart(text, earliest), cursor);
  }
  return text.slice(lineStart, cursor);
}
