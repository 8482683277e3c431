import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DirtyLines, type LineChange } from '../../src/engine/nextEdit/dirtyLines';

/** Applies a change to a line array the way an editor does: lines [start, end] replaced by the new text's lines. */
function apply(lines: string[], change: LineChange, text: string[]): void {
  assert.equal(text.length - 1, change.insertedLineBreaks);
  lines.splice(change.startLine, change.endLine - change.startLine + 1, ...text);
}

/** The old and new text of the dirty block must be exactly what differs between the two versions. */
function assertBlockCovers(before: string[], after: string[], dirty: DirtyLines): void {
  const block = dirty.take();
  assert.ok(block);
  assert.deepEqual(before.slice(0, block.start), after.slice(0, block.start), 'lines above the block are unchanged');
  assert.deepEqual(before.slice(block.oldEnd + 1), after.slice(block.newEnd + 1), 'lines below the block are unchanged');
}

describe('DirtyLines: the changed block, in O(1) per change', () => {
  it('typing in one line keeps a one-line block', () => {
    const dirty = new DirtyLines();
    dirty.note({ startLine: 3, endLine: 3, insertedLineBreaks: 0 });
    dirty.note({ startLine: 3, endLine: 3, insertedLineBreaks: 0 });
    assert.deepEqual(dirty.take(), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.equal(dirty.isEmpty, true);
  });

  it('Enter grows the new side only; joining lines grows the old side', () => {
    const dirty = new DirtyLines();
    dirty.note({ startLine: 2, endLine: 2, insertedLineBreaks: 1 });
    assert.deepEqual(dirty.take(), { start: 2, oldEnd: 2, newEnd: 3 });
    dirty.note({ startLine: 4, endLine: 5, insertedLineBreaks: 0 });
    assert.deepEqual(dirty.take(), { start: 4, oldEnd: 5, newEnd: 4 });
  });

  it('changes above, inside and below the block all stay covered', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before];
    const dirty = new DirtyLines();
    const steps: Array<[LineChange, string[]]> = [
      [{ startLine: 10, endLine: 10, insertedLineBreaks: 1 }, ['line 10 changed', 'new line']],
      [{ startLine: 4, endLine: 5, insertedLineBreaks: 0 }, ['joined 4 and 5']],
      [{ startLine: 15, endLine: 15, insertedLineBreaks: 2 }, ['a', 'b', 'c']],
      [{ startLine: 9, endLine: 9, insertedLineBreaks: 0 }, ['inside']],
    ];
    for (const [change, text] of steps) {
      apply(after, change, text);
      dirty.note(change);
    }
    assertBlockCovers(before, after, dirty);
  });
});
