import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerRegion, proposedEdits } from '../../src/engine/nextEdit/nextEditAnswer';
import { REWRITE_FORMAT, SWEEP_FORMAT } from '../../src/engine/nextEdit/nextEditFormats';

const window = { start: 10, lines: ['def f(total):', '    x = count + 1', '    return count'], cursorLine: 0, cursorCharacter: 11 };
const answer = (text: string) => ({ text, finishReason: 'stop' as const });

describe('next-edit answers', () => {
  it('the region comes from between the markers, the cursor marker dropped', () => {
    assert.deepEqual(answerRegion(REWRITE_FORMAT, 'Sure:\n<|editable_region_start|>\na<|user_cursor|>b\nc\n<|editable_region_end|>\nDone.'), ['ab', 'c']);
    assert.deepEqual(answerRegion(REWRITE_FORMAT, '```python\nx = 1\n```'), ['x = 1'], 'a fenced block when there are no markers');
    assert.deepEqual(answerRegion(SWEEP_FORMAT, 'x = 1\ny = 2\n<|file_sep|>rest'), ['x = 1', 'y = 2']);
    assert.equal(answerRegion(REWRITE_FORMAT, '  '), undefined);
  });

  it('proposes each changed line in document lines', () => {
    const edits = proposedEdits(REWRITE_FORMAT, answer('<|editable_region_start|>\ndef f(total):\n    x = total + 1\n    return total\n<|editable_region_end|>'), window, []);
    assert.deepEqual(edits, [{ start: 11, oldLines: ['    x = count + 1', '    return count'], newLines: ['    x = total + 1', '    return total'] }]);
  });

  it('nothing when the region is unchanged, changed only in whitespace, cut off, or would undo the last edit', () => {
    const same = '<|editable_region_start|>\ndef f(total):\n    x = count + 1\n    return count\n<|editable_region_end|>';
    assert.deepEqual(proposedEdits(REWRITE_FORMAT, answer(same), window, []), []);
    assert.deepEqual(proposedEdits(REWRITE_FORMAT, answer(same.replace('x = count', 'x  =  count')), window, []), []);
    assert.deepEqual(proposedEdits(REWRITE_FORMAT, { text: '<|editable_region_start|>\ndef f(total):\n', finishReason: 'length' }, window, []), []);
    const undo = same.replace('def f(total):', 'def f(count):');
    const recent = [{ file: 'a.py', hunk: { start: 10, oldLines: ['def f(count):'], newLines: ['def f(total):'] }, at: 0 }];
    assert.deepEqual(proposedEdits(REWRITE_FORMAT, answer(undo), window, recent), []);
  });
});
