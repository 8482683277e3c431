import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NextEditSuggestions, insertionAtCursor, stillApplies } from '../../src/engine/nextEdit/nextEditSuggestions';

describe('NextEditSuggestions: one at a time', () => {
  const doc = ['a', 'b', 'c', 'd', 'e'];
  const reader = (lines: string[]) => (line: number) => lines[line];

  it('starts at or below the cursor, then wraps to the edits above', () => {
    const list = new NextEditSuggestions([{ start: 0, oldLines: ['a'], newLines: ['A'] }, { start: 3, oldLines: ['d'], newLines: ['D'] }], 2);
    assert.equal(list.current(reader(doc))?.start, 3);
    list.accepted();
    assert.equal(list.current(reader(doc))?.start, 0);
    list.accepted();
    assert.equal(list.current(reader(doc)), undefined);
  });

  it('an accepted edit that adds lines moves the edits below it', () => {
    const list = new NextEditSuggestions([{ start: 1, oldLines: ['b'], newLines: ['b1', 'b2'] }, { start: 3, oldLines: ['d'], newLines: ['D'] }], 0);
    list.accepted();
    const after = ['a', 'b1', 'b2', 'c', 'd', 'e'];
    assert.deepEqual(list.current(reader(after)), { start: 4, oldLines: ['d'], newLines: ['D'] });
  });

  it('an edit whose lines the person changed meanwhile is dropped, never applied over their work', () => {
    const list = new NextEditSuggestions([{ start: 2, oldLines: ['c'], newLines: ['C'] }], 0);
    assert.equal(list.current(reader(['a', 'b', 'c typed on', 'd'])), undefined);
    assert.equal(list.remaining, 0);
    assert.equal(stillApplies({ start: 9, oldLines: ['x'], newLines: [] }, reader(doc)), false);
  });
});

describe('insertionAtCursor: an edit that only inserts at the cursor is ghost text', () => {
  it('text typed at the cursor, on one line or running onto new ones', () => {
    assert.equal(insertionAtCursor({ start: 4, oldLines: ['foo(a, )'], newLines: ['foo(a, b)'] }, 4, 7), 'b');
    assert.equal(insertionAtCursor({ start: 4, oldLines: ['if x:'], newLines: ['if x:', '    return 1'] }, 4, 5), '\n    return 1');
  });

  it('anything else stays a diff in place: another line, a replacement, a deletion, an insertion elsewhere', () => {
    assert.equal(insertionAtCursor({ start: 5, oldLines: ['foo(a, )'], newLines: ['foo(a, b)'] }, 4, 7), undefined);
    assert.equal(insertionAtCursor({ start: 4, oldLines: ['x = count'], newLines: ['x = total'] }, 4, 9), undefined);
    assert.equal(insertionAtCursor({ start: 4, oldLines: ['abc'], newLines: ['ab'] }, 4, 2), undefined);
    assert.equal(insertionAtCursor({ start: 4, oldLines: ['foo()'], newLines: ['foo(x)'] }, 4, 1), undefined);
  });
});
