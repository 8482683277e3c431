import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunksOf, identifiersOf, jaccard } from '../../src/engine/context/similarity';

describe('similarity', () => {
  it('identifiers leave out keywords and one-letter names', () => {
    assert.deepEqual([...identifiersOf('def parse_args(x, argv): return self.parser')].sort(), ['argv', 'parse_args', 'parser']);
  });

  it('Jaccard: shared over all', () => {
    assert.equal(jaccard(new Set(['a1', 'b1']), new Set(['b1', 'c1'])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set(['x1'])), 0);
  });

  it('windows overlap by the stride, cover the file, skip blank windows, and stop at the limit', () => {
    const text = Array.from({ length: 45 }, (_, i) => `line_${i}`).join('\n');
    const chunks = chunksOf('a.py', 'python', text, 20, 10);
    assert.deepEqual(chunks.map((c) => c.startLine), [0, 10, 20, 30]);
    assert.ok(chunks[3].text.endsWith('line_44'));
    assert.equal(chunksOf('a.py', 'python', '\n\n\n', 20, 10).length, 0);
    assert.equal(chunksOf('a.py', 'python', text, 5, 1, 7).length, 7);
  });
});
