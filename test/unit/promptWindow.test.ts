import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPromptWindow } from '../../src/engine/promptWindow';
import { textDocument, withCursor } from '../support/textDocument';

const roomy = { maxChars: 10_000, suffixShare: 0.25 };

describe('prompt window', () => {
  const cases: { name: string; marked: string; prefix: string; suffix: string }[] = [
    { name: 'empty document', marked: '|', prefix: '', suffix: '' },
    { name: 'cursor at start', marked: '|def f():\n    pass', prefix: '', suffix: 'def f():\n    pass' },
    { name: 'cursor at end', marked: 'def f():\n    pass|', prefix: 'def f():\n    pass', suffix: '' },
    { name: 'middle of a line', marked: 'a = foo(|)\nb = 2', prefix: 'a = foo(', suffix: ')\nb = 2' },
    { name: 'CRLF gives the model \\n text', marked: 'one\r\ntwo|\r\nthree\r\n', prefix: 'one\ntwo', suffix: '\nthree\n' },
    { name: 'emoji next to the cursor', marked: 'x = "😀|😀"', prefix: 'x = "😀', suffix: '😀"' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { doc, position } = withCursor(c.marked);
      const w = buildPromptWindow(doc, position, roomy);
      assert.equal(w.prefix, c.prefix);
      assert.equal(w.suffix, c.suffix);
    });
  }

  it('keeps prefix and suffix within the budget, cut at line boundaries, suffix share capped', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`);
    const doc = textDocument(lines.join('\n'));
    const w = buildPromptWindow(doc, { line: 1000, character: 4 }, { maxChars: 2000, suffixShare: 0.25, lineGrid: 1 });
    assert.ok(w.prefix.length + w.suffix.length <= 2000, `total ${w.prefix.length + w.suffix.length}`);
    assert.ok(w.suffix.length <= 500);
    assert.ok(w.suffix.length > 400, 'the suffix uses its share');
    assert.ok(lines.some((l) => w.prefix.startsWith(l + '\n')), 'prefix starts at a whole line');
    assert.ok(w.prefix.endsWith('\nline'), 'prefix ends at the cursor');
    assert.ok(w.suffix.startsWith(' 1000'), 'suffix starts at the cursor');
    const lastSuffixLine = w.suffix.split('\n').pop()!;
    assert.ok(lines.includes(lastSuffixLine), 'suffix ends at a whole line');
  });

  it('reads only lines near the cursor: a 20 MB file costs what a 20 KB one does', () => {
    const big = textDocument(Array.from({ length: 400_000 }, (_, i) => `    value_${i} = compute(${i}) + other_${i}`).join('\n'));
    const small = textDocument(Array.from({ length: 400 }, (_, i) => `    value_${i} = compute(${i}) + other_${i}`).join('\n'));
    const options = { maxChars: 6000, suffixShare: 0.15 };
    buildPromptWindow(big, { line: 200_000, character: 10 }, options);
    buildPromptWindow(small, { line: 200, character: 10 }, options);
    assert.ok(big.linesRead < 400, `read ${big.linesRead} lines`);
    assert.ok(big.linesRead <= 2 * small.linesRead, `${big.linesRead} vs ${small.linesRead}`);
  });

  it('cuts a 1 MB minified line inside the line, without reading the whole line into the prompt', () => {
    const line = 'var a=1;'.repeat(131_072);
    const doc = textDocument(line);
    const w = buildPromptWindow(doc, { line: 0, character: 500_000 }, { maxChars: 4000, suffixShare: 0.25 });
    assert.ok(w.prefix.length <= 3000 && w.prefix.length > 2500, `prefix ${w.prefix.length}`);
    assert.equal(w.suffix.length, 1000);
    assert.equal(w.prefix + w.suffix, line.slice(500_000 - w.prefix.length, 500_000 + w.suffix.length));
  });

  it('never splits a surrogate pair at the window edges', () => {
    const emoji = '😀'.repeat(5000);
    const doc = textDocument(emoji);
    for (let budget = 100; budget < 140; budget++) {
      for (const character of [2000, 2002, 5000]) {
        const w = buildPromptWindow(doc, { line: 0, character }, { maxChars: budget, suffixShare: 0.3 });
        for (const text of [w.prefix, w.suffix]) {
          assert.ok(!/^[\uDC00-\uDFFF]/.test(text), 'no lone low surrogate at the start');
          assert.ok(!/[\uD800-\uDBFF]$/.test(text), 'no lone high surrogate at the end');
        }
      }
    }
  });

  it('keeps the prompt beginning byte-identical while the user types in one region', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `    total += item_${i} * weight_${i}`);
    const doc = textDocument(lines.join('\n'));
    const starts = new Set<string>();
    for (let line = 1500; line < 1520; line++) {
      for (const character of [4, 12, 20]) {
        const w = buildPromptWindow(doc, { line, character }, { maxChars: 6000, suffixShare: 0.15 });
        starts.add(w.prefix.slice(0, 200));
      }
    }
    assert.ok(starts.size <= 2, `prompt start changed ${starts.size - 1} times over 20 lines`);
  });
});

describe('buildPromptWindow: a coarse grid with a finer fallback (minLineGrid)', () => {
  // Long lines: a 128-line grid line near enough is rare; without a finer grid the start would follow the cursor line by line.
  const lines = Array.from({ length: 400 }, (_, i) => `line_${i} = compute_something_long(${i}, "a fairly long argument text")`);
  const doc = {
    lineCount: lines.length,
    lineText: (l: number) => lines[l],
    eol: '\n' as const,
  };
  const startFor = (line: number, minLineGrid?: number) => buildPromptWindow(doc, { line, character: 0 }, { maxChars: 3000, suffixShare: 0, lineGrid: 128, growth: 0.5, ...(minLineGrid ? { minLineGrid } : {}) }).prefixStartLine;
  it('without it the start moves with every line once no grid line fits', () => {
    const starts = new Set<number>();
    for (let line = 360; line < 380; line++) starts.add(startFor(line));
    assert.ok(starts.size >= 10, `${starts.size} different starts over 20 lines`);
  });
  it('with it the start stays on a grid line of the finer grid while the cursor moves within it', () => {
    const starts = new Set<number>();
    for (let line = 360; line < 380; line++) starts.add(startFor(line, 8));
    assert.ok(starts.size <= 3, `${starts.size} different starts over 20 lines: ${[...starts].join(', ')}`);
    for (const start of starts) assert.equal(start % 8, 0);
  });
});
