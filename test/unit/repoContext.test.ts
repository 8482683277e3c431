import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContextMaterial } from '../../src/engine/context/contextMaterial';
import { RepoContext } from '../../src/engine/context/repoContext';
import { textDocument } from '../support/textDocument';

const FILE = { path: 'pkg/main.py', languageId: 'python' };
const doc = textDocument(Array.from({ length: 200 }, (_, i) => `line_${i} = parse_value(${i})`).join('\n'));
const material: ContextMaterial = {
  definitions: [],
  imports: [{ path: 'pkg/parser.py', languageId: 'python', text: 'def parse_value(x):\n    return int(x)\n' }],
  recent: [],
};

describe('repo context', () => {
  it('off with a budget of 0 or without a path (untitled documents)', () => {
    const context = new RepoContext();
    context.setMaterial('k', material);
    assert.equal(context.blockFor('k', FILE, doc, { line: 5, character: 0 }, 0), undefined);
    assert.equal(context.blockFor('k', undefined, doc, { line: 5, character: 0 }, 8000), undefined);
  });

  it('the same block, byte for byte and without rebuilding, while the cursor stays near', () => {
    const context = new RepoContext();
    context.setMaterial('k', material);
    const first = context.blockFor('k', FILE, doc, { line: 50, character: 3 }, 8000);
    assert.ok(first);
    assert.match(first.rendered, /^# pkg\/parser\.py\ndef parse_value\(x\):\n {4}return int\(x\)\n\n# pkg\/main\.py\n$/);
    assert.equal(first.prefixOffset, first.rendered.length);
    const rebuilds = context.rebuilds;
    for (let line = 50; line < 80; line++) assert.equal(context.blockFor('k', FILE, doc, { line, character: 1 }, 8000), first);
    assert.equal(context.rebuilds, rebuilds);
  });

  it('new material with the same choice keeps the same block; different material changes it', () => {
    const context = new RepoContext();
    context.setMaterial('k', material);
    const first = context.blockFor('k', FILE, doc, { line: 50, character: 3 }, 8000);
    context.setMaterial('k', { ...material });
    assert.equal(context.blockFor('k', FILE, doc, { line: 51, character: 0 }, 8000), first);
    context.setMaterial('k', { ...material, imports: [...material.imports, { path: 'pkg/extra.py', languageId: 'python', text: 'EXTRA = 1' }] });
    const second = context.blockFor('k', FILE, doc, { line: 52, character: 0 }, 8000);
    assert.notEqual(second?.rendered, first?.rendered);
    assert.match(second?.rendered ?? '', /# pkg\/extra\.py\nEXTRA = 1/);
  });

  it('a far cursor move chooses afresh; forgetting an editor drops its block', () => {
    const context = new RepoContext();
    context.setMaterial('k', material);
    context.blockFor('k', FILE, doc, { line: 10, character: 0 }, 8000);
    const rebuilds = context.rebuilds;
    context.blockFor('k', FILE, doc, { line: 150, character: 0 }, 8000);
    assert.equal(context.rebuilds, rebuilds + 1);
    context.forget('k');
    assert.match(context.blockFor('k', FILE, doc, { line: 150, character: 0 }, 8000)?.rendered ?? '', /^# pkg\/main\.py\n$/);
  });
});
