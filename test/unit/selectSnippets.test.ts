import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareMaterial } from '../../src/engine/context/contextMaterial';
import { selectSnippets, waterFill } from '../../src/engine/context/selectSnippets';
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

describe('select snippets: sharing a budget', () => {
  it('water-filling: small files get what they need, the rest flows to the large ones', () => {
    assert.deepEqual(waterFill([100, 5000, 300], 3000), [100, 2600, 300]);
    assert.deepEqual(waterFill([4000, 4000], 3000), [1500, 1500]);
    assert.deepEqual(waterFill([10, 20], 0), [0, 0]);
  });

  it("what the imports import comes after them, as an outline: a function's return type from one hop further", () => {
    const material = prepareMaterial(
      {
        definitions: [],
        imports: [{ path: 'functions/parse.js', languageId: 'javascript', text: "const SemVer = require('../classes/semver')\nconst parse = (v) => new SemVer(v)\n" }],
        transitive: [{ path: 'classes/semver.js', languageId: 'javascript', text: 'class SemVer {\n  constructor (v) {\n    this.major = 1\n  }\n  compareMain (other) {\n    return 0\n  }\n}\n' }],
        recent: [],
      },
      'functions/diff.js',
    );
    const chosen = selectSnippets(material, new Set(), 4000);
    assert.deepEqual(chosen.map((f) => f.path), ['functions/parse.js', 'classes/semver.js']);
    assert.match(chosen[1].pieces[0].text, /compareMain/);
  });

  it("a recent file whose API the cursor's code calls is given as an outline", () => {
    const api = ['class Message:', ...Array.from({ length: 60 }, (_, i) => `    def method_${i}(self):\n        return self._value_${i} + compute(${i})`)].join('\n');
    const material = prepareMaterial({ definitions: [], imports: [], recent: [{ path: 'email/message.py', languageId: 'python', text: api }] }, 'email/generator.py');
    const chosen = selectSnippets(material, identifiersOf('msg.method_3()\nmsg.method_7()\nmsg.method_11()'), 3000);
    assert.equal(chosen[0]?.path, 'email/message.py');
    assert.match(chosen[0].pieces[0].text, /def method_59\(self\):/, 'the whole API');
    assert.doesNotMatch(chosen[0].pieces[0].text, /compute/, 'without the bodies');
  });
});

describe('select snippets: recent edits and the workspace index', () => {
  it('what the person just changed in another file comes before imports and index files, at its own lines, within its share', () => {
    const material = prepareMaterial(
      {
        definitions: [],
        edits: [{ path: 'pkg/fresh.py', languageId: 'python', text: 'def just_added(order):\n    return order.total', line: 40 }],
        imports: [{ path: 'pkg/util.py', languageId: 'python', text: 'def util_one():\n    pass\n' }],
        related: [{ path: 'pkg/models.py', languageId: 'python', text: 'class Order:\n    def total(self):\n        return 1\n' }],
        recent: [],
      },
      'pkg/main.py',
    );
    const chosen = selectSnippets(material, identifiersOf('order = Order()'), 4000);
    assert.deepEqual(chosen.map((f) => f.path), ['pkg/fresh.py', 'pkg/util.py', 'pkg/models.py']);
    assert.deepEqual(chosen[0].pieces, [{ startLine: 40, text: 'def just_added(order):\n    return order.total' }]);
    const tight = selectSnippets(prepareMaterial({ definitions: [], imports: [], edits: [{ path: 'a.py', languageId: 'python', text: 'x = 1\n'.repeat(400), line: 0 }], recent: [] }, 'main.py'), new Set(), 1000);
    assert.ok(tight[0].pieces[0].text.length <= 200, 'edits keep to a fifth of the budget');
  });

  it("an index file too large to give whole is outlined with the members the cursor's code uses first", () => {
    const methods = Array.from({ length: 80 }, (_, i) => `    def method_${i}(self):\n        return ${i}\n`).join('');
    const material = prepareMaterial({ definitions: [], imports: [], related: [{ path: 'pkg/big.py', languageId: 'python', text: `class Big:\n${methods}` }], recent: [] }, 'pkg/main.py');
    const chosen = selectSnippets(material, new Set(['method_77']), 600);
    assert.match(chosen[0].pieces[0].text, /def method_77\(self\):/);
    assert.doesNotMatch(chosen[0].pieces[0].text, /return 77/);
  });
});
