import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IMPORT_SCAN, importCandidates, importSections, nextHopImports, normalisePath, parseImports } from '../../src/engine/context/imports';

describe('imports: parsing', () => {
  it('Python: relative and dotted imports, with the names taken', () => {
    const text = 'import os, json.decoder as d\nfrom .decoder import JSONDecoder, JSONDecodeError\nfrom . import scanner\nfrom ..util import (helper,\n    other)\n';
    const found = parseImports('python', text);
    assert.deepEqual(
      found.map((s) => [s.module, s.names.join(',')]),
      [
        ['.decoder', 'JSONDecoder,JSONDecodeError'],
        ['.', 'scanner'],
        ['..util', 'helper'],
        ['os', ''],
        ['json.decoder', ''],
      ],
    );
  });

  it('TypeScript/JavaScript: only relative specifiers, from import, export-from, require and dynamic import', () => {
    const text = "import { a } from './utils.js'\nimport fetch from 'node-fetch'\nexport * from '../types'\nimport './side'\nconst x = require('./lib/x')\nconst y = await import('./lazy')\n";
    assert.deepEqual(
      parseImports('typescript', text).map((s) => s.module),
      ['./utils.js', '../types', './side', './lib/x', './lazy'],
    );
  });

  it('C includes with quotes (not system headers) and Rust modules', () => {
    assert.deepEqual(parseImports('c', '#include <stdio.h>\n#include "util/str.h"\n').map((s) => s.module), ['util/str.h']);
    assert.deepEqual(parseImports('rust', 'mod parser;\npub mod lexer;\nuse crate::x;\n').map((s) => s.module), ['parser', 'lexer']);
  });

  it('a language it does not know gives nothing', () => {
    assert.deepEqual(parseImports('plaintext', 'import x from "./y"'), []);
  });
});

describe('imports: candidate paths', () => {
  it("TypeScript's ESM style: ./utils.js means utils.ts first", () => {
    const candidates = importCandidates('src/browser.ts', { module: './utils.js', names: [] }, 'typescript');
    assert.equal(candidates[0], 'src/utils.ts');
    assert.ok(candidates.includes('src/utils.js'));
  });

  it('an extension-less specifier tries extensions, then an index file', () => {
    const candidates = importCandidates('src/a/b.ts', { module: '../types', names: [] }, 'typescript');
    assert.deepEqual(candidates.slice(0, 2), ['src/types.ts', 'src/types.tsx']);
    assert.ok(candidates.includes('src/types/index.ts'));
  });

  it('Python relative imports resolve against the package, names may be submodules', () => {
    assert.ok(importCandidates('json/__init__.py', { module: '.decoder', names: ['JSONDecoder'] }, 'python').includes('json/decoder.py'));
    assert.ok(importCandidates('json/decoder.py', { module: '.', names: ['scanner'] }, 'python').includes('json/scanner.py'));
    assert.ok(importCandidates('pkg/sub/m.py', { module: '..util', names: ['x'] }, 'python').includes('pkg/util.py'));
  });

  it('Python absolute imports are tried from each folder above the file', () => {
    const candidates = importCandidates('Lib/json/decoder.py', { module: 'json', names: ['scanner'] }, 'python');
    assert.ok(candidates.includes('Lib/json/scanner.py'), candidates.join(' '));
  });

  it('never a path above the workspace root, never the file itself', () => {
    assert.deepEqual(importCandidates('a.ts', { module: '../../x', names: [] }, 'typescript'), []);
    assert.equal(normalisePath('../x'), undefined);
    assert.ok(!importCandidates('pkg/a.py', { module: '.a', names: [] }, 'python').includes('pkg/a.py'));
  });
});

describe('imports: one hop further', () => {
  it('direct imports first, then what they import, without repeats, bounded', () => {
    const graph: Record<string, string[]> = { a: ['b', 'c'], b: ['d', 'c'], c: ['e'], d: [], e: [] };
    assert.deepEqual(nextHopImports(graph.a, (f) => graph[f], 8), ['b', 'c', 'd', 'e']);
    assert.deepEqual(nextHopImports(graph.a, (f) => graph[f], 3), ['b', 'c', 'd']);
  });
});

describe('imports: a long file in an import cycle', () => {
  it('the requires at the end of a long Node module (after module.exports) are found, the middle is not read', () => {
    const head = "const debug = require('./debug')\n";
    const middle = `${'// body\n'.repeat(3000)}const fake = require('./middle')\n${'// body\n'.repeat(3000)}`;
    const tail = "module.exports = Range\n\nconst Comparator = require('./comparator')\n";
    const sections = importSections(head + middle + tail);
    assert.ok(sections.length <= IMPORT_SCAN.headChars + IMPORT_SCAN.tailChars + 1);
    assert.deepEqual(
      parseImports('javascript', sections).map((s) => s.module),
      ['./debug', './comparator'],
    );
  });

  it('a short file is read whole', () => {
    const text = "const a = require('./a')\n// x\nconst b = require('./b')\n";
    assert.equal(importSections(text), text);
  });
});
