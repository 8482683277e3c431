import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RECENT_EDIT_MAX_AGE_MS, RecentEditLog } from '../../src/engine/context/recentEdits';

describe('recent edits', () => {
  it('typing on one line is one range; nearby lines join it; other files are separate, newest first', () => {
    const log = new RecentEditLog();
    log.noteEdit('a', 10, 10, 1, 1000);
    log.noteEdit('a', 10, 10, 1, 1100);
    log.noteEdit('a', 12, 12, 1, 1200);
    log.noteEdit('b', 5, 5, 1, 1300);
    assert.deepEqual(log.recent('current', 1400), [
      { key: 'b', startLine: 5, endLine: 5, at: 1300 },
      { key: 'a', startLine: 10, endLine: 12, at: 1200 },
    ]);
  });

  it('lines added above a range move it down; a range far from an edit stays its own', () => {
    const log = new RecentEditLog();
    log.noteEdit('a', 50, 50, 1, 1000);
    // Three lines pasted at line 2 (one line replaced by three).
    log.noteEdit('a', 2, 2, 3, 1100);
    assert.deepEqual(
      log.recent('x', 1200).map((r) => [r.startLine, r.endLine]),
      [
        [2, 4],
        [52, 52],
      ],
    );
  });

  it('the current document and old edits are left out; a closed document is forgotten', () => {
    const log = new RecentEditLog();
    log.noteEdit('old', 1, 1, 1, 0);
    log.noteEdit('cur', 1, 1, 1, RECENT_EDIT_MAX_AGE_MS);
    log.noteEdit('gone', 1, 1, 1, RECENT_EDIT_MAX_AGE_MS);
    log.forget('gone');
    assert.deepEqual(log.recent('cur', RECENT_EDIT_MAX_AGE_MS + 1), []);
  });
});
