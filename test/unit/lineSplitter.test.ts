import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineCounter, LineSplitter } from '../../src/engine/lineSplitter';

describe('LineSplitter', () => {
  it('gives complete lines as they arrive, whatever the chunking', () => {
    const text = '{"a":1}\n{"b":2}\n\n{"c":3}\nrest';
    for (const size of [1, 2, 3, 7, 100]) {
      const splitter = new LineSplitter();
      const lines: string[] = [];
      for (let i = 0; i < text.length; i += size) lines.push(...splitter.push(text.slice(i, i + size)));
      assert.deepEqual([...lines, splitter.end()], ['{"a":1}', '{"b":2}', '', '{"c":3}', 'rest'], `chunks of ${size}`);
    }
  });

  it('knows how much of an unfinished line it holds, and its start', () => {
    const splitter = new LineSplitter();
    splitter.push('abc');
    splitter.push('def');
    assert.equal(splitter.pendingLength, 6);
    assert.equal(splitter.pendingStart(4), 'abcd');
    splitter.push('\n');
    assert.equal(splitter.pendingLength, 0);
  });

  it('a 1 MiB line in 16-byte chunks takes linear time', () => {
    const splitter = new LineSplitter();
    const chunk = 'x'.repeat(16);
    const started = performance.now();
    for (let i = 0; i < (1 << 20) / 16; i++) splitter.push(chunk);
    const [line] = splitter.push('\n');
    assert.equal(line.length, 1 << 20);
    assert.ok(performance.now() - started < 2000, 'rescanning the buffer on every chunk is quadratic');
  });
});

describe('LineCounter', () => {
  it('counts lines across pieces', () => {
    const counter = new LineCounter();
    assert.equal(counter.lines, 1);
    assert.equal(counter.add('a\nb'), 2);
    assert.equal(counter.add('\n\n'), 4);
    assert.equal(counter.add('c'), 4);
  });
});
