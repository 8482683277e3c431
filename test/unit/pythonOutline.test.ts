import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pythonOutline } from '../../src/engine/context/pythonOutline';

describe('pythonOutline', () => {
  it('keeps what a caller of the module reads: classes, defs, constants, the attributes methods set; no bodies', () => {
    const text = [
      'LIMIT = 3',
      'class Feed:',
      '    kind = "feed"',
      '    def __init__(self):',
      '        self._buffer = []',
      '    def push(self, line):',
      '        if line:',
      '            self._last = line',
      '        self._buffer.append(line)',
      '        return len(self._buffer)',
      'def helper(x):',
      '    y = x + 1',
      '    self_like = y',
      '    return y',
      '',
    ].join('\n');
    assert.deepEqual(pythonOutline(text), [
      'LIMIT = 3',
      'class Feed:',
      '    kind = "feed"',
      '    def __init__(self):',
      '        self._buffer = []',
      '    def push(self, line):',
      '            self._last = line',
      'def helper(x):',
    ]);
  });

  it('a function outside a class sets no class attributes, and a multi-line signature is one entry', () => {
    const text = 'def build(a,\n          b):\n    self.x = 1\n    return a\n';
    assert.deepEqual(pythonOutline(text), ['def build(a,\n          b):']);
  });
});
