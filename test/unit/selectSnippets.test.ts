import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareMaterial } from '../../src/engine/context/contextMaterial';
import { selectSnippets } from '../../src/engine/context/selectSnippets';
import { identifiersOf } from '../../src/engine/context/similarity';

const big = (name: string, lines: number) =>
  Array.from({ length: lines }, (_, i) => (i % 5 === 0 ? `def ${name}_${i}(x):` : `    value_${i} = compute(x, ${i})`)).join('\n');

describe('select snippets', () => {
  it('definitions first, then imports, then similar windows, within the budget', () => {
    const material = prepareMaterial(
      {
        definitions: [{ path: 'pkg/defs.py', languageId: 'python', text: 'def helper(a, b):\n    return a + b', line: 10, name: 'helper' }],
        imports: [{ path: 'pkg/util.py', languageId: 'python', text: 'def util_one():\n    pass\n' }],
        recent: [{ path: 'pkg/other.py', languageId: 'python', text: 'def render_table(rows, columns):\n    for row in rows:\n        print(columns)\n' }],
      },
      'pkg/main.py',
    );
    const chosen = selectSnippets(material, identifiersOf('rows columns render_table'), 2000);
    assert.deepEqual(chosen.map((f) => f.path), ['pkg/defs.py', 'pkg/util.py', 'pkg/other.py']);
  });

  it('a large import is outlined to fit; the total never passes the budget', () => {
    const material = prepareMaterial({ definitions: [], imports: [{ path: 'a.py', languageId: 'python', text: big('fn', 2000) }], recent: [] }, 'main.py');
    for (const budget of [300, 1000, 5000]) {
      const chosen = selectSnippets(material, new Set(), budget);
      const size = chosen.reduce((n, f) => n + f.path.length + 8 + f.pieces.reduce((m, p) => m + p.text.length + 1, 0), 0);
      assert.ok(size <= budget, `${size} > ${budget}`);
      assert.match(chosen[0].pieces[0].text, /^def fn_0\(x\):/);
      assert.doesNotMatch(chosen[0].pieces[0].text, /value_/, 'bodies are left out of an outline');
    }
  });

  it('windows of recent files are chosen by what they share with the cursor, not by recency', () => {
    const material = prepareMaterial(
      {
        definitions: [],
        imports: [],
        recent: [
          { path: 'unrelated.py', languageId: 'python', text: 'def draw_circle(radius):\n    return radius * 3.14\n' },
          { path: 'related.py', languageId: 'python', text: 'def open_socket(host, port):\n    return connect(host, port, timeout)\n' },
        ],
      },
      'main.py',
    );
    const chosen = selectSnippets(material, identifiersOf('sock = open_socket(host, port)\nconnect(timeout)'), 2000);
    assert.deepEqual(chosen.map((f) => f.path), ['related.py']);
  });

  it('the current file is never its own context; a budget of 0 gives nothing', () => {
    const material = prepareMaterial({ definitions: [], imports: [{ path: 'main.py', languageId: 'python', text: 'x = 1' }], recent: [] }, 'main.py');
    assert.deepEqual(selectSnippets(material, new Set(), 1000), []);
    const other = prepareMaterial({ definitions: [], imports: [{ path: 'b.py', languageId: 'python', text: 'x = 1' }], recent: [] }, 'main.py');
    assert.deepEqual(selectSnippets(other, new Set(), 0), []);
  });
});
