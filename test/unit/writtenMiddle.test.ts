// Where the written middle starts: the block of lines the cursor is in, bounded, never past the window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCK_LINES, MAX_TYPED_PART_CHARS, MAX_WRITTEN_MIDDLE_CHARS, writtenMiddleChars } from '../../src/engine/writtenMiddle';

/** A prefix of `lines` whole lines (document lines from `first`) and a typed part. */
function prefixOf(first: number, lines: number, typed: string): string {
  const out: string[] = [];
  for (let l = first; l < first + lines; l++) out.push(`line${l} = ${l}`);
  return [...out, typed].join('\n');
}

describe('writtenMiddleChars', () => {
  it('the lines since the start of the cursor block and the typed part', () => {
    // Cursor on document line 10: the block starts at line 8, so lines 8 and 9 are written middle.
    const prefix = prefixOf(0, 10, 'x = ');
    assert.equal(prefix.slice(prefix.length - writtenMiddleChars(prefix, 10, 0)), 'line8 = 8\nline9 = 9\nx = ');
  });
  it('at the first line of a block, only the typed part', () => {
    const prefix = prefixOf(0, BLOCK_LINES, 'de');
    assert.equal(writtenMiddleChars(prefix, BLOCK_LINES, 0), 2);
  });
  it('the same split for every keystroke of a block: the head before it never changes', () => {
    const heads = new Set<string>();
    for (let line = 16; line < 16 + BLOCK_LINES; line++) {
      for (const typed of ['', 'a', 'ab']) {
        const prefix = prefixOf(0, line, typed);
        heads.add(prefix.slice(0, prefix.length - writtenMiddleChars(prefix, line, 0)));
      }
    }
    assert.equal(heads.size, 1);
  });
  it('never reaches above the window: a window that starts inside the block', () => {
    const prefix = `# other.py\nshared = 1\n${prefixOf(13, 2, 'y')}`;
    // The window starts on line 13, inside the block of line 8: the repository block ahead stays head.
    assert.equal(prefix.slice(prefix.length - writtenMiddleChars(prefix, 15, 13)), 'line13 = 13\nline14 = 14\ny');
  });
  it('long lines fall back to the typed part alone, and a typed part too long moves nothing', () => {
    const long = 'z'.repeat(MAX_WRITTEN_MIDDLE_CHARS);
    const prefix = `a\n${long}\nb = `;
    assert.equal(writtenMiddleChars(prefix, 9, 7), 4);
    assert.equal(writtenMiddleChars(`a\n${'q'.repeat(MAX_TYPED_PART_CHARS + 1)}`, 1, 0), 0);
  });
});
