import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareMaterial } from '../../src/engine/context/contextMaterial';

describe('context material', () => {
  it('the current file is left out of every source; an import is not also a recent file', () => {
    const prepared = prepareMaterial(
      {
        definitions: [{ path: 'a.py', languageId: 'python', text: 'def f(): ...', line: 0, name: 'f' }],
        imports: [{ path: 'b.py', languageId: 'python', text: 'from .c import x\n' }],
        recent: [
          { path: 'a.py', languageId: 'python', text: 'x = 1' },
          { path: 'b.py', languageId: 'python', text: 'from .c import x\n' },
          { path: 'c.py', languageId: 'python', text: 'x = 2\n' },
        ],
      },
      'a.py',
    );
    assert.deepEqual(prepared.definitions, []);
    assert.deepEqual(prepared.imports.map((f) => f.path), ['b.py']);
    assert.deepEqual(prepared.recent.map((f) => f.path), ['c.py']);
    assert.deepEqual(prepared.importsByPath.get('b.py')?.map((s) => s.module), ['.c']);
  });

  it('every window is in the index under each of its identifiers, rare names weigh more', () => {
    const text = Array.from({ length: 40 }, (_, i) => (i === 35 ? 'rare_name = common_name' : `common_name = ${i}`)).join('\n');
    const prepared = prepareMaterial({ definitions: [], imports: [], recent: [{ path: 'r.py', languageId: 'python', text }] }, 'main.py');
    const windows = prepared.recentChunks.length;
    assert.equal(prepared.postings.get('common_name')?.length, windows);
    assert.ok((prepared.postings.get('rare_name')?.length ?? 0) < windows);
    assert.ok((prepared.weights.get('rare_name') ?? 0) > (prepared.weights.get('common_name') ?? 0));
  });

  it('the windows scored per keystroke are bounded, whatever the recent files hold', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `line_${i} = ${i}`).join('\n');
    const recent = Array.from({ length: 4 }, (_, i) => ({ path: `big${i}.py`, languageId: 'python', text: big }));
    const prepared = prepareMaterial({ definitions: [], imports: [], recent }, 'main.py');
    assert.ok(prepared.recentChunks.length <= 1200, `${prepared.recentChunks.length} windows`);
  });
});
