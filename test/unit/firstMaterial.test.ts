import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FirstMaterialWait } from '../../src/engine/context/firstMaterial';
import { engineHarness } from '../support/engineHarness';
import { withCursor } from '../support/textDocument';

const file = { path: 'pkg/main.py', languageId: 'python' };
const material = {
  definitions: [],
  imports: [{ path: 'pkg/shapes.py', languageId: 'python', text: 'class Circle:\n    def area(self):\n        return 1\n' }],
  recent: [],
};

describe('first request of a file just opened', () => {
  it('waits for the material being gathered, and goes out with the other file', async () => {
    const { engine, backend } = engineHarness(() => 'area()');
    engine.repoContext.expectMaterial('doc');
    setTimeout(() => engine.repoContext.setMaterial('doc', material, file.path), 40);
    const { doc, position } = withCursor('c = Circle()\nc.|');
    const started = performance.now();
    await engine.provide({ editorKey: 'doc', document: doc, position, file }, new AbortController().signal);
    assert.ok(performance.now() - started >= 35, 'it waited for the material');
    assert.match(backend.calls[0].request.prefix, /^# pkg\/shapes\.py\nclass Circle:/);
  });

  it('waits at most the bound once, then goes without; the next request does not wait again', async () => {
    const { engine, backend } = engineHarness(() => 'area()');
    engine.repoContext.expectMaterial('doc');
    const first = withCursor('c = Circle()\nc.|');
    const started = performance.now();
    await engine.provide({ editorKey: 'doc', document: first.doc, position: first.position, file }, new AbortController().signal);
    const waited = performance.now() - started;
    assert.ok(waited >= 140 && waited < 1000, `waited ${waited} ms`);
    assert.equal(backend.calls[0].request.prefix, '# pkg/main.py\nc = Circle()\nc.');
    assert.equal(engine.repoContext.firstMaterial.isPending('doc'), false);
  });

  it('no wait when the material is already in, or nobody is gathering', async () => {
    const wait = new FirstMaterialWait();
    const started = performance.now();
    await wait.wait('doc', new AbortController().signal);
    wait.expect('doc');
    wait.settle('doc');
    await wait.wait('doc', new AbortController().signal);
    assert.ok(performance.now() - started < 20);
  });

  it('a cancelled keystroke stops waiting at once', async () => {
    const wait = new FirstMaterialWait();
    wait.expect('doc');
    const cancel = new AbortController();
    const started = performance.now();
    setTimeout(() => cancel.abort(), 10);
    await wait.wait('doc', cancel.signal);
    assert.ok(performance.now() - started < 100);
  });
});
