// Which lines of one document changed since the edit history last looked, tracked in O(1) per
// change so the keystroke path never reads the document. At a pause the history reads the
// changed lines once (see editHistory.ts); until then only two numbers move.

/** One change as the editor reports it: a line range before the change and the text put there. */
export interface LineChange {
  /** First line of the replaced range (0-based). */
  readonly startLine: number;
  /** Last line of the replaced range (inclusive), before the change. */
  readonly endLine: number;
  /** How many line breaks the inserted text holds. */
  readonly insertedLineBreaks: number;
}

/** The changed block: lines [start, newEnd] now stand where lines [start, oldEnd] stood. */
export interface DirtyBlock {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

export class DirtyLines {
  private block: { start: number; oldEnd: number; newEnd: number } | undefined;

  /** Records one change; changes of one event must be given last-in-document first, as VS Code reports them. */
  note(change: LineChange): void {
    const { startLine, endLine, insertedLineBreaks } = change;
    const delta = insertedLineBreaks - (endLine - startLine);
    const block = this.block;
    if (!block) {
      this.block = { start: startLine, oldEnd: endLine, newEnd: endLine + delta };
      return;
    }
    // Lines above the block and below it are as they were at the last take, so the block's
    // old range grows by exactly the lines the change reaches beyond it.
    const reach = Math.max(block.newEnd, endLine);
    block.oldEnd += reach - block.newEnd;
    block.newEnd = reach + delta;
    block.start = Math.min(block.start, startLine);
  }

  /** The changed block since the last take, and forgets it. */
  take(): DirtyBlock | undefined {
    const block = this.block;
    this.block = undefined;
    return block;
  }

  get isEmpty(): boolean {
    return this.block === undefined;
  }
}
