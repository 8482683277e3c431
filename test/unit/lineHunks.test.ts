import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changesMoreThanWhitespace, hunkKeystrokes, lineHunks, trimmedHunk } from '../../src/engine/nextEdit/lineHunks';

describe('line hunks', () => {
  it('trimmedHunk keeps only the lines that differ, at their line number', () => {
    assert.deepEqual(trimmedHunk(10, ['a', 'b', 'c'], ['a', 'B', 'c']), { start: 11, oldLines: ['b'], newLines: ['B'] });
    assert.deepEqual(trimmedHunk(0, ['a', 'c'], ['a', 'b', 'c']), { start: 1, oldLines: [], newLines: ['b'] });
    assert.equal(trimmedHunk(0, ['a'], ['a']), undefined);
  });

  it('lineHunks finds each separate change of a rewritten region (a rename at three uses)', () => {
    const before = ['def f(count):', '    x = count + 1', '    y = 2', '    return count * x'];
    const after = ['def f(total):', '    x = total + 1', '    y = 2', '    return total * x'];
    assert.deepEqual(lineHunks(5, before, after), [
      { start: 5, oldLines: ['def f(count):', '    x = count + 1'], newLines: ['def f(total):', '    x = total + 1'] },
      { start: 8, oldLines: ['    return count * x'], newLines: ['    return total * x'] },
    ]);
  });

  it('lineHunks gives insertions and deletions their place', () => {
    assert.deepEqual(lineHunks(0, ['a', 'b', 'c'], ['a', 'c', 'd']), [
      { start: 1, oldLines: ['b'], newLines: [] },
      { start: 3, oldLines: [], newLines: ['d'] },
    ]);
    assert.deepEqual(lineHunks(0, ['a'], ['a']), []);
  });

  it('whitespace-only changes are told apart', () => {
    assert.equal(changesMoreThanWhitespace({ start: 0, oldLines: ['x = 1'], newLines: ['x  =  1  '] }), false);
    assert.equal(changesMoreThanWhitespace({ start: 0, oldLines: ['x = 1'], newLines: ['x = 2'] }), true);
  });

  it('keystrokes: what a person types for a rename, not the whole line', () => {
    assert.equal(hunkKeystrokes({ start: 0, oldLines: ['    return count * x'], newLines: ['    return total * x'] }), 'total'.length + 2);
    assert.equal(hunkKeystrokes({ start: 0, oldLines: [], newLines: ['abc'] }), 4, 'the line and its Enter');
    assert.equal(hunkKeystrokes({ start: 0, oldLines: ['a = count', 'b = 1', 'c = count'], newLines: ['a = total', 'b = 2', 'c = total'] }), 7 + 3 + 7, 'line by line, not the span between the first and last change');
  });
});
