import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefinitionIndex, definitionsIn } from '../../src/engine/context/definitionIndex';

const MESSAGE_PY = `class Message:
    def __init__(self, policy):
        self.policy = policy
        self._payload = None

    def get_payload(self, i=None):
        return self._payload

    def walk(self):
        yield self

    def get_content_maintype(self):
        return 'text'
`;

const COMPARATOR_JS = `const ANY = Symbol('SemVer ANY')
class Comparator {
  static get ANY () {
    return ANY
  }
  parse (comp) {
    this.operator = comp[0]
  }
  test (version) {
    return true
  }
}
module.exports = Comparator
exports.compareLoose = (a, b) => 0
`;

describe('definitionIndex: what a file defines', () => {
  it('Python: classes, methods, module constants and the attributes methods set, with their lines', () => {
    const found = new Map(definitionsIn(`${MESSAGE_PY}\nSEMISPACE = '; '\n`, 'python').map((d) => [d.name, d]));
    assert.deepEqual(found.get('Message'), { name: 'Message', line: 0, kind: 'class' });
    assert.equal(found.get('get_payload')?.kind, 'method');
    assert.equal(found.get('get_payload')?.line, 5);
    assert.equal(found.get('_payload')?.kind, 'attribute');
    assert.equal(found.get('SEMISPACE')?.kind, 'constant');
    assert.ok(!found.has('__init__') || found.get('__init__')?.kind === 'method');
  });

  it('JavaScript: class, methods, fields set on this, constants, exports', () => {
    const found = new Map(definitionsIn(COMPARATOR_JS, 'javascript').map((d) => [d.name, d]));
    assert.equal(found.get('Comparator')?.kind, 'class');
    assert.equal(found.get('parse')?.kind, 'method');
    assert.equal(found.get('operator')?.kind, 'attribute');
    assert.equal(found.get('ANY')?.kind, 'constant');
    assert.equal(found.get('compareLoose')?.kind, 'export');
  });

  it('a language it cannot read defines nothing', () => {
    assert.deepEqual(definitionsIn('SELECT 1;', 'sql'), []);
  });
});

describe('definitionIndex: which files define what the code near the cursor uses', () => {
  const index = new DefinitionIndex();
  index.set('email/message.py', 'python', MESSAGE_PY);
  index.set('email/iterators.py', 'python', 'def walk(self):\n    pass\ndef body_line_iterator(msg):\n    pass\n');
  index.set('email/utils.py', 'python', 'def formatdate():\n    pass\n');
  index.set('semver/classes/comparator.js', 'javascript', COMPARATOR_JS);

  it('the file defining the most telling names comes first; never the current file; only the same language family', () => {
    const related = index.relatedFiles(new Set(['msg', 'walk', 'get_payload', 'subpart', 'parse']), 'email/iterators.py', 'python', 4);
    assert.deepEqual(
      related.map((file) => file.path),
      ['email/message.py'],
    );
    assert.deepEqual([...related[0].names].sort(), ['get_payload', 'walk']);
  });

  it('one name is not enough unless it is a class; re-indexing and removing a file update the answer', () => {
    assert.deepEqual(index.relatedFiles(new Set(['formatdate']), 'x.py', 'python', 4), []);
    assert.deepEqual(index.relatedFiles(new Set(['Message']), 'x.py', 'python', 4).map((f) => f.path), ['email/message.py']);
    index.set('email/utils.py', 'python', 'def formatdate():\n    pass\ndef parsedate():\n    pass\n');
    assert.deepEqual(index.relatedFiles(new Set(['formatdate', 'parsedate']), 'x.py', 'python', 4).map((f) => f.path), ['email/utils.py']);
    index.remove('email/message.py');
    assert.equal(index.has('email/message.py'), false);
    assert.deepEqual(index.relatedFiles(new Set(['get_payload', 'get_content_maintype']), 'x.py', 'python', 4), []);
    assert.equal(index.size, 3);
  });
});
