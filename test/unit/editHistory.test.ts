import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditHistory, mergeHunks } from '../../src/engine/nextEdit/editHistory';

describe('EditHistory', () => {
  it('typing on in the same line is one edit, from the first old text to the last new text', () => {
    const history = new EditHistory();
    history.add('a.py', { start: 3, oldLines: ['def f(count):'], newLines: ['def f():'] }, 1000);
    history.add('a.py', { start: 3, oldLines: ['def f():'], newLines: ['def f(total):'] }, 2000);
    assert.deepEqual(history.recent(2000).map((e) => e.hunk), [{ start: 3, oldLines: ['def f(count):'], newLines: ['def f(total):'] }]);
  });

  it('an edit typed and then taken back leaves nothing', () => {
    const history = new EditHistory();
    history.add('a.py', { start: 0, oldLines: ['x'], newLines: ['xy'] }, 0);
    history.add('a.py', { start: 0, oldLines: ['xy'], newLines: ['x'] }, 10);
    assert.deepEqual(history.recent(10), []);
  });

  it('edits elsewhere or in another file are kept apart; old, excess and huge ones are dropped', () => {
    const history = new EditHistory({ maxEdits: 2, maxAgeMs: 60_000, maxHunkLines: 3, mergeWithinMs: 5000 });
    history.add('a.py', { start: 0, oldLines: ['a'], newLines: ['A'] }, 0);
    history.add('b.py', { start: 0, oldLines: ['b'], newLines: ['B'] }, 1);
    history.add('b.py', { start: 9, oldLines: ['c'], newLines: ['C'] }, 2);
    assert.deepEqual(history.recent(2).map((e) => `${e.file}:${e.hunk.start}`), ['b.py:0', 'b.py:9']);
    history.add('b.py', { start: 20, oldLines: ['1', '2', '3', '4'], newLines: [] }, 3);
    assert.equal(history.recent(3).length, 2, 'a hunk over the line limit is not a hint');
    assert.deepEqual(history.recent(70_000), [], 'older than maxAgeMs');
  });

  it('forgetFile drops every edit of a file (it became excluded or was closed)', () => {
    const history = new EditHistory();
    history.add('secret.env', { start: 0, oldLines: ['A=1'], newLines: ['A=2'] }, 0);
    history.forgetFile('secret.env');
    assert.deepEqual(history.recent(0), []);
  });

  it('mergeHunks: an Enter right after the hunk continues it; a change above it does not', () => {
    const last = { start: 5, oldLines: ['x = 1'], newLines: ['x = 10'] };
    assert.deepEqual(mergeHunks(last, { start: 6, oldLines: [], newLines: ['y = 2'] }), { start: 5, oldLines: ['x = 1'], newLines: ['x = 10', 'y = 2'] });
    assert.equal(mergeHunks(last, { start: 4, oldLines: ['w'], newLines: ['W'] }), undefined);
  });
});
