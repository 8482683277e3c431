import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionLines } from '../../src/engine/context/definitionText';

describe('definition text', () => {
  it('a Python function: its lines until the indentation comes back', () => {
    const text = 'x = 1\ndef f(a):\n    b = a\n\n    return b\ny = 2\n';
    assert.equal(definitionLines(text, 1), 'def f(a):\n    b = a\n\n    return b');
  });

  it('a TypeScript interface keeps its closing brace', () => {
    const text = 'export interface A {\n  x: number;\n}\nexport const b = 1;\n';
    assert.equal(definitionLines(text, 0), 'export interface A {\n  x: number;\n}');
  });

  it('bounded, and nothing past the end of the file', () => {
    const long = 'class A:\n' + Array.from({ length: 100 }, (_, i) => `    x${i} = ${i}`).join('\n');
    assert.equal(definitionLines(long, 0, 5).split('\n').length, 5);
    assert.equal(definitionLines('a', 3), '');
  });
});
