// Runs the golden cases of test/golden/ through the engine: document and cursor in, the raw
// model answer from the backend, the accepted document out (see test/golden/README.md).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { silentLogger } from '../../src/engine/types';
import { repoRoot } from '../bench/benchStats';
import { FakeBackend } from '../support/fakeBackend';
import { textDocument } from '../support/textDocument';

const CURSOR = '@@CURSOR@@';
const NONE = '(no completion)';

interface GoldenCase {
  readonly file: string;
  readonly name: string;
  readonly crlf: boolean;
  readonly document: string;
  readonly answer: string;
  readonly accepted: string;
}

function parse(file: string, text: string): GoldenCase {
  const header: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const section = /^=== (\w+)$/.exec(line);
    if (section) sections[section[1]] = current = [];
    else if (current) current.push(line);
    else {
      const field = /^(\w+): (.*)$/.exec(line);
      if (field) header[field[1]] = field[2];
    }
  }
  const body = (name: string) => {
    const lines = sections[name];
    if (!lines) throw new Error(`${file}: no "=== ${name}" section`);
    // The line break that ends a section belongs to the file, not to the section.
    return (lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines).join('\n');
  };
  return { file, name: header.name ?? file, crlf: header.eol === 'crlf', document: body('document'), answer: body('answer'), accepted: body('accepted') };
}

function loadCases(): GoldenCase[] {
  const dir = join(repoRoot(), 'test', 'golden');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.golden'))
    .sort()
    .map((name) => parse(name, readFileSync(join(dir, name), 'utf8')));
}

/** The document after the engine's completion is accepted, with the cursor after the insert. */
async function accept(c: GoldenCase): Promise<string> {
  const at = c.document.indexOf(CURSOR);
  assert.ok(at >= 0, `${c.file}: the document has no ${CURSOR}`);
  const eol = c.crlf ? '\r\n' : '\n';
  const before = c.document.slice(0, at).replace(/\n/g, eol);
  const after = c.document.slice(at + CURSOR.length).replace(/\n/g, eol);
  const lines = c.document.slice(0, at).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const backend = new FakeBackend(() => c.answer);
  let late: () => void = () => undefined;
  const lateCompletion = new Promise<void>((resolve) => (late = resolve));
  const engine = new CompletionEngine({
    backend: () => backend,
    settings: () => ({ ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 }),
    log: silentLogger,
    events: { onLateCompletion: () => late() },
  });
  try {
    const ask = () => engine.provide({ editorKey: c.file, document: textDocument(before + after), position }, new AbortController().signal);
    let completion = await ask();
    // A multi-line answer's first lines are shown while the rest streams; the editor asks
    // again when it ends (the engine's late-completion event), and that is what is accepted.
    if (completion?.partial) {
      await lateCompletion;
      completion = await ask();
    }
    if (!completion) return NONE;
    // The editor inserts in the document's own line ending and replaces what the plan covers.
    const insert = completion.insertText.replace(/\n/g, eol);
    return (before + insert + CURSOR + after.slice(completion.replaceLength)).replace(/\r\n/g, '\n');
  } finally {
    engine.dispose();
  }
}

describe('golden cases: the whole completion path', () => {
  const cases = loadCases();
  it('there are golden cases to run', () => assert.ok(cases.length >= 10, `${cases.length} cases`));
  for (const c of cases) {
    it(`${c.file}: ${c.name}`, async () => {
      assert.equal(await accept(c), c.accepted);
    });
  }
});
