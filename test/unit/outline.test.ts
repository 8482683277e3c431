import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildOutline, cutAtLines, cutOutline, declaredNames, outlineOf } from '../../src/engine/context/outline';

const PYTHON = `"""Module."""
import re

MAX = 10

class Scanner:
    """Scans."""
    limit = 3

    def __init__(self, text):
        self.text = text
        self.pos = 0

    def scan_all(self,
                 strict=False):
        for c in self.text:
            yield c

def make_scanner(context):
    return Scanner(context)
`;

const TYPESCRIPT = `import { x } from './x';

export interface Options {
  host: string;
  retries?: number;
}

export class Client {
  private readonly host: string;
  constructor(options: Options) {
    this.host = options.host;
    if (options.retries) {
      console.log('retries');
    }
  }

  async get(path: string): Promise<Response> {
    return fetch(this.host + path);
  }
}

export function formatHost(host: string): string {
  const url = new URL(host);
  return url.toString();
}
`;

describe('outline', () => {
  it('a file that fits is given whole', () => {
    assert.equal(outlineOf(PYTHON, 'python', 10_000), PYTHON);
  });

  it('Python: classes, def lines (multi-line signatures whole), attributes and constants, what __init__ sets, no other bodies', () => {
    const outline = outlineOf(PYTHON, 'python', 300);
    assert.match(outline, /^ {8}self\.text = text\n {8}self\.pos = 0$/m);
    assert.match(outline, /^MAX = 10$/m);
    assert.match(outline, /^class Scanner:$/m);
    assert.match(outline, /^ {4}limit = 3$/m);
    assert.match(outline, /def __init__\(self, text\):/);
    assert.match(outline, /def scan_all\(self,\n\s+strict=False\):/);
    assert.match(outline, /^def make_scanner\(context\):$/m);
    assert.doesNotMatch(outline, /for c in|yield c|return Scanner/);
  });

  it('TypeScript: interfaces whole, class members without bodies, function signatures', () => {
    const outline = outlineOf(TYPESCRIPT, 'typescript', 400);
    assert.match(outline, /export interface Options \{\n {2}host: string;\n {2}retries\?: number;\n\}/);
    assert.match(outline, /^ {2}private readonly host: string;$/m);
    assert.match(outline, /^ {2}async get\(path: string\): Promise<Response> \{$/m);
    assert.match(outline, /^export function formatHost\(host: string\): string \{$/m);
    assert.doesNotMatch(outline, /console\.log|new URL|return fetch/);
  });

  it('under a tight budget, types before functions before members, still in file order', () => {
    const outline = outlineOf(PYTHON, 'python', 75);
    assert.match(outline, /^class Scanner:$/m);
    assert.match(outline, /def make_scanner\(context\):/);
    assert.doesNotMatch(outline, /MAX = 10|limit = 3/);
    assert.ok(outline.indexOf('class Scanner') < outline.indexOf('def make_scanner'));
  });

  it('never longer than asked, and cut at whole lines', () => {
    for (const max of [1, 20, 57, 120]) {
      const outline = outlineOf(TYPESCRIPT, 'typescript', max);
      assert.ok(outline.length <= max, `${outline.length} > ${max}`);
      for (const line of outline.split('\n')) if (line !== '') assert.ok(TYPESCRIPT.split('\n').includes(line), `not a whole line: ${line}`);
    }
    assert.equal(cutAtLines(['abc', 'def'], 6), 'abc');
    assert.equal(cutAtLines(['abc', 'def'], 7), 'abc\ndef');
  });
});

describe('outline: declared names', () => {
  it('functions, classes, methods, constants and the fields constructors set', () => {
    const js = "const parse = require('./parse')\nclass SemVer {\n  constructor (v) {\n    this.major = 1\n    if (v) {\n      this.minor = 2\n    }\n  }\n  compareMain (other) {\n    return 0\n  }\n}\n".repeat(3);
    const names = declaredNames(buildOutline(js, 'javascript'));
    for (const name of ['parse', 'SemVer', 'major', 'compareMain']) assert.ok(names.has(name), name);
    const py = 'class A:\n    def __init__(self):\n        self.items_seen = 0\n    def run(self):\n        pass\nLIMIT = 3\n';
    const pyNames = declaredNames(buildOutline(py, 'python'));
    for (const name of ['items_seen', 'run', 'LIMIT']) assert.ok(pyNames.has(name), name);
  });
});

describe('outline: what other code reads of a class', () => {
  it('Python: attributes any method sets on self are kept (once each), not only those of __init__', () => {
    const py = 'class Parser:\n    def __init__(self):\n        self._cur = None\n    def feed(self, data):\n        if data:\n            self._partial = data\n        self._cur = data\n        return data\n\nclass Other:\n    def run(self):\n        self._cur = 1\n';
    const outline = buildOutline(py, 'python').lines.join('\n');
    assert.match(outline, /^ {12}self\._partial = data$/m);
    assert.equal(outline.match(/self\._cur =/g)?.length, 2, 'once per class');
    assert.doesNotMatch(outline, /return data|if data/);
  });

  it('JavaScript: fields a method sets on this (a parse() method, nested in an if) are kept', () => {
    const js = 'class Comparator {\n  parse (comp) {\n    const m = comp.match(r)\n    this.operator = m[1]\n    if (m[2]) {\n      this.semver = m[2]\n    }\n  }\n}\n';
    const outline = buildOutline(js, 'javascript').lines.join('\n');
    assert.match(outline, /this\.operator = m\[1\]/);
    assert.match(outline, /this\.semver = m\[2\]/);
    assert.doesNotMatch(outline, /const m =/);
  });

  it('under a tight budget, the members the code near the cursor uses are kept before the rest', () => {
    const py = `class Message:\n${['get_payload', 'set_payload', 'get_param', 'walk', 'get_content_type', 'attach'].map((name) => `    def ${name}(self, value=None):\n        return value\n`).join('')}`;
    const outline = buildOutline(py, 'python');
    const plain = cutOutline(outline, 90);
    const focused = cutOutline(outline, 90, new Set(['walk', 'get_content_type']));
    assert.doesNotMatch(plain, /def walk/);
    assert.match(focused, /def walk/);
    assert.match(focused, /def get_content_type/);
    assert.ok(focused.indexOf('def walk') < focused.indexOf('def get_content_type'), 'still in file order');
  });
});
