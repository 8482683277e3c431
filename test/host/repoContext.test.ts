// Repository-level context in a real VS Code: the prompt Ollama receives holds the files the
// current one imports, each under a comment with its workspace path, ahead of the current file
// under its own; an excluded file's content never reaches the server, whether imported or open;
// a class nobody imported or opened comes from the workspace index; a folder linked to one
// outside the workspace is never read.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { gateFacts, gatedNames } from '../bench/knowledgeGate';
import { FIM_BEGIN, FIM_HOLE, closeAllEditors, controllerApi, setSetting, sleep, textBeforeCursor, unique, waitUntil } from './hostSupport';

describe('repository context: other files in the prompt', () => {
  let fixture: OllamaFixture;

  before(async () => {
    fixture = await startOllamaFixture();
    fixture.setResponder(() => '');
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
    (await controllerApi()).engine.reset();
  });

  afterEach(closeAllEditors);

  after(async () => {
    await setSetting('exclude', undefined);
    await fixture.close();
  });

  const folder = (): vscode.WorkspaceFolder => {
    const found = vscode.workspace.workspaceFolders?.[0];
    assert.ok(found, 'the host suite runs with a workspace folder');
    return found;
  };

  async function writeFile(path: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder().uri, ...path.split('/'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  const prompts = (from: number) => fixture.generateRequests().slice(from).map((request) => String((request.body as { prompt?: unknown }).prompt));

  /**
   * Types at the end of `line`, a character at a time, asking for a completion after each,
   * until a prompt holds `marker` (the gatherer reads other files on its own time, off the
   * keystroke path; each keystroke makes a new prompt, as a person typing does). Gives the text
   * before the cursor as the prompt carries it: the prefix, then the written middle that follows
   * the end token (the typed part of the cursor line).
   */
  async function promptHolding(editor: vscode.TextEditor, line: number, marker: string, from: number, timeoutMs = 20_000): Promise<string> {
    let found: string | undefined;
    await waitUntil(
      `a prompt holds ${JSON.stringify(marker)}`,
      async () => {
        const end = editor.document.lineAt(line).range.end;
        await editor.edit((edit) => edit.insert(end, 'r'));
        const after = editor.document.lineAt(line).range.end;
        editor.selection = new vscode.Selection(after, after);
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        await sleep(700);
        found = prompts(from).find((prompt) => prompt.includes(marker));
        return found !== undefined;
      },
      timeoutMs,
      0,
    );
    return textBeforeCursor(found ?? '');
  }

  it('a TypeScript file gets the class it imports, under its path, before its own path and text', async () => {
    const dir = unique('ctx');
    const method = unique('circumference');
    await writeFile(`${dir}/shapes.ts`, `export class Circle {\n  constructor(public radius: number) {}\n\n  ${method}(): number {\n    return 2 * Math.PI * this.radius;\n  }\n}\n`);
    const main = await writeFile(`${dir}/main.ts`, `import { Circle } from './shapes';\n\nconst circle = new Circle(2);\nconst length = circle.\n`);
    const from = fixture.generateRequests().length;
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
    const prompt = await promptHolding(editor, 3, `// ${dir}/shapes.ts\n`, from);
    assert.ok(prompt.startsWith(`${FIM_BEGIN}// ${dir}/shapes.ts\nexport class Circle {`), `the prompt starts with the other file: ${JSON.stringify(prompt.slice(0, 200))}`);
    assert.ok(prompt.includes(`  ${method}(): number {`), 'the imported class has its method');
    const ownHeader = prompt.indexOf(`// ${dir}/main.ts\nimport { Circle } from './shapes';\n\nconst circle = new Circle(2);\nconst length = circle.r`);
    assert.ok(ownHeader > prompt.indexOf(`// ${dir}/shapes.ts\n`), 'the current file, under its own path, comes after the file it imports');
  });

  it("a name's definition in a file nobody imports or opened comes from the language's definition provider", async () => {
    const dir = unique('ctx');
    const away = await writeFile(`${dir}/far/away.py`, 'import os\n\n\nclass FarGadget:\n    def spin(self, turns):\n        return turns * 2\n\n\nOTHER = 1\n');
    const main = await writeFile(`${dir}/main.py`, 'gadget = FarGadget()\ngadget.\n');
    // What a language extension (Pylance, tsserver) does: Go to Definition of FarGadget.
    const provider = vscode.languages.registerDefinitionProvider(
      { language: 'python', pattern: `**/${dir}/main.py` },
      {
        provideDefinition(document, position) {
          const word = document.getText(document.getWordRangeAtPosition(position));
          return word === 'FarGadget' ? new vscode.Location(away, new vscode.Position(3, 0)) : undefined;
        },
      },
    );
    try {
      const from = fixture.generateRequests().length;
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
      const prompt = await promptHolding(editor, 1, `# ${dir}/far/away.py\n`, from);
      assert.ok(prompt.includes(`# ${dir}/far/away.py\n# ...\nclass FarGadget:\n    def spin(self, turns):\n        return turns * 2\n`), `the definition, whole: ${JSON.stringify(prompt.slice(0, 300))}`);
      assert.ok(!prompt.includes('import os') && !prompt.includes('OTHER = 1'), 'only the definition, not the rest of its file');
      assert.ok(prompt.indexOf(`# ${dir}/main.py\ngadget = FarGadget()`) > prompt.indexOf('class FarGadget'), 'the current file comes last');
    } finally {
      provider.dispose();
    }
  });

  it('an excluded file is never read: neither imported nor open in an editor', async () => {
    const dir = unique('ctx');
    const secret = unique('do_not_send');
    await setSetting('exclude', ['**/internal/**']);
    const keys = await writeFile(`${dir}/internal/keys.ts`, `export const SIGNING_KEY = '${secret}';\n`);
    await writeFile(`${dir}/shapes.ts`, 'export class Square {\n  constructor(public side: number) {}\n}\n');
    const app = await writeFile(`${dir}/app.ts`, `import { SIGNING_KEY } from './internal/keys';\nimport { Square } from './shapes';\n\nconst square = new Square(SIGNING_KEY.length);\nsquare.\n`);
    const from = fixture.generateRequests().length;
    // Opened first, so it is also a recently used file.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(keys));
    await sleep(300);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(app));
    // The other import arrives: the gatherer has run for this file.
    const prompt = await promptHolding(editor, 4, `// ${dir}/shapes.ts\n`, from);
    assert.ok(!prompt.includes(`${dir}/internal/keys.ts`), 'the excluded file has a header in the prompt');
    assert.ok(!fixture.requests.some((request) => JSON.stringify(request.body ?? '').includes(secret)), "the excluded file's content reached the server");
  });

  /** The folder of semver 7.8.6 in test/data/crossfile (the suite runs bundled in dist/test or compiled in out/test/host). */
  function semverData(): string {
    const data = [join(__dirname, '..', '..'), join(__dirname, '..', '..', '..')].map((root) => join(root, 'test', 'data', 'crossfile', 'semver')).find((folder) => existsSync(folder));
    assert.ok(data, 'the semver package of test/data/crossfile');
    return data;
  }

  /** semver 7.8.6 (test/data/crossfile) copied into `${dir}/semver`, as a person clones it; the data folder is returned. */
  async function copySemver(dir: string): Promise<string> {
    const data = semverData();
    const copy = async (from: string, to: string): Promise<void> => {
      for (const entry of readdirSync(from, { withFileTypes: true })) {
        if (entry.isDirectory()) await copy(join(from, entry.name), `${to}/${entry.name}`);
        else await writeFile(`${to}/${entry.name.replace(/\.txt$/, '')}`, readFileSync(join(from, entry.name), 'utf8'));
      }
    };
    await copy(data, `${dir}/semver`);
    return data;
  }

  /**
   * A person retypes lines `start..end` of semver's functions/diff.js in a package just copied
   * and opened: at each step the ghost text is taken when there is one (one keystroke, Tab),
   * else the next character is typed. The model is the fixture answering the file's true next
   * lines, cut before the first `gated` name its prompt does not hold (it cannot write a name it
   * never saw). Returns the keystrokes saved, in percent of the characters of the region.
   */
  async function retypeRegion(gated: ReadonlySet<string>, start: number, end: number): Promise<number> {
    const dir = unique('typed');
    const data = await copySemver(dir);
    const lines = readFileSync(join(data, 'functions', 'diff.js.txt'), 'utf8').split('\n');
    const target = `${lines.slice(0, end).join('\n')}\n`;
    const header = `// ${dir}/semver/functions/diff.js\n`;
    fixture.setResponder((prompt) => {
      // The text before the cursor: up to the hole, then the typed part of the line after the end token.
      const beforeCursor = textBeforeCursor(prompt);
      const at = beforeCursor.lastIndexOf(header);
      if (at < 0 || !prompt.includes(FIM_HOLE)) return '';
      const prefix = beforeCursor.slice(at + header.length);
      if (!target.startsWith(prefix)) return '';
      const answer = target.slice(prefix.length).split('\n').slice(0, 3).join('\n');
      for (const match of answer.matchAll(/[A-Za-z_$][\w$]*/g)) {
        if (gated.has(match[0]) && !prompt.includes(match[0])) return answer.slice(0, match.index);
      }
      return answer;
    });
    const before = `${lines.slice(0, start).join('\n')}\n`;
    const uri = await writeFile(`${dir}/semver/functions/diff.js`, before);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const toEnd = () => {
      const last = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(last, last);
    };
    toEnd();
    let keystrokes = 0;
    for (let step = 0; editor.document.getText().length < target.length && step < 2000; step++) {
      const text = editor.document.getText();
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(250);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      const taken = editor.document.getText();
      if (taken !== text && target.startsWith(taken) && taken.length > text.length) {
        keystrokes++;
        toEnd();
        continue;
      }
      if (taken !== text) await vscode.commands.executeCommand('undo');
      await editor.edit((edit) => edit.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end, target[editor.document.getText().length]));
      toEnd();
      keystrokes++;
    }
    const typed = editor.document.getText();
    fixture.setResponder(() => '');
    await closeAllEditors();
    assert.equal(typed, target, 'the region was typed as the file has it');
    const needed = target.length - before.length;
    return (100 * (needed - keystrokes)) / needed;
  }

  it('a class used near the cursor, in a file nobody imports or opened, comes from the workspace definition index', async function () {
    this.timeout(60_000);
    const dir = unique('ctx');
    const cls = `Gadget${unique('x').replace(/\W/g, '')}`;
    const method = unique('spin_wheels').replace(/\W/g, '_');
    // Long enough to be given as an outline: its bodies (the padding) left out.
    const padding = Array.from({ length: 600 }, (_, i) => `        step_${i} = turns + ${i}\n`).join('');
    await writeFile(`${dir}/deep/models/gadget.py`, `import os\n\n\nclass ${cls}:\n    def __init__(self):\n        self.turns = 0\n\n    def ${method}(self, turns):\n        self._last = turns\n${padding}        return turns * 2\n`);
    const main = await writeFile(`${dir}/main.py`, `def run(g):\n    gadget = ${cls}()\n    gadget.\n`);
    const from = fixture.generateRequests().length;
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
    // A file watcher may miss the new file (code-server's does here): the index lists the files again within 10 s.
    const prompt = await promptHolding(editor, 2, `# ${dir}/deep/models/gadget.py\n`, from, 40_000);
    assert.ok(prompt.includes(`    def ${method}(self, turns):`), `the class's method is in the prompt: ${JSON.stringify(prompt.slice(0, 400))}`);
    assert.ok(prompt.includes('        self._last = turns'), 'with the attribute a method sets');
    assert.ok(!prompt.includes('step_1 = turns') && !prompt.includes('return turns * 2'), 'as an outline, without the bodies');
  });

  it('a folder linked to one outside the workspace is never read: its files do not reach the server', async () => {
    const dir = unique('ctx');
    const secret = unique('outside_secret');
    const outside = mkdtempSync(join(tmpdir(), 'deepseek-fim-outside-'));
    try {
      writeFileSync(join(outside, 'vault.ts'), `export const VAULT_KEY = '${secret}';\nexport class Vault {\n  open(): string {\n    return VAULT_KEY;\n  }\n}\n`);
      await writeFile(`${dir}/shapes.ts`, 'export class Hexagon {\n  constructor(public side: number) {}\n}\n');
      symlinkSync(outside, join(folder().uri.fsPath, dir, 'linked'), 'dir');
      const app = await writeFile(`${dir}/app.ts`, `import { Vault, VAULT_KEY } from './linked/vault';\nimport { Hexagon } from './shapes';\n\nconst vault = new Vault();\nconst shape = new Hexagon(VAULT_KEY.length);\nvault.\n`);
      const from = fixture.generateRequests().length;
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(app));
      const prompt = await promptHolding(editor, 5, `// ${dir}/shapes.ts\n`, from);
      assert.ok(!prompt.includes(`${dir}/linked/vault.ts`), 'the linked file has a header in the prompt');
      assert.ok(!fixture.requests.some((request) => JSON.stringify(request.body ?? '').includes(secret)), "the linked file's content reached the server");
    } finally {
      await closeAllEditors();
      rmSync(join(folder().uri.fsPath, dir, 'linked'), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a real package opened fresh: the very first request already carries the files it imports, and the class they return', async () => {
    const dir = unique('fresh');
    // semver 7.8.6 (test/data/crossfile), as a person clones it and opens one file.
    const data = await copySemver(dir);
    // The function being written: its first lines typed, the rest (which reads SemVer's fields) not yet.
    const typed = readFileSync(join(data, 'functions', 'diff.js.txt'), 'utf8').split('\n').slice(0, 17).join('\n');
    const diff = await writeFile(`${dir}/semver/functions/diff.js`, `${typed}\n  `);
    // A moment between the clone and opening a file, as a person takes.
    await sleep(1000);
    const from = fixture.generateRequests().length;
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(diff));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    // The engine behind the API (ControllerApi types only what other suites use).
    const engine = (await controllerApi()).engine as unknown as { repoContext: { firstMaterial: { isPending(key: string): boolean }; hasMaterial(key: string): boolean } };
    const expected = engine.repoContext.firstMaterial.isPending(diff.toString()) || engine.repoContext.hasMaterial(diff.toString());
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitUntil('the first request', () => fixture.generateRequests().length > from, 10_000, 50);
    const first = prompts(from)[0];
    const state = `(material expected when the editor opened: ${expected}; in when the request went: ${engine.repoContext.hasMaterial(diff.toString())})`;
    assert.ok(first.includes(`// ${dir}/semver/functions/parse.js\n`), `the first request holds the imported file ${state}: ${JSON.stringify(first.slice(0, 300))}`);
    assert.ok(first.includes(`// ${dir}/semver/classes/semver.js\n`), 'and the class the imported function returns');
    assert.ok(/this\.prerelease = /.test(first), "with the fields the class's methods set (what the code being written reads)");
    assert.ok(first.indexOf(`// ${dir}/semver/functions/diff.js\n`) > first.indexOf('semver/classes/semver.js'), 'the current file last');
  });

  it('a real package opened fresh, a region retyped against a model that cannot write names it never saw: context keeps >= 98% of what an all-knowing model saves', async function () {
    this.timeout(240_000);
    // The region of diff.js the cross-file benchmark retypes (lines 21-50), and the names in it
    // that only other files of the package define (SemVer's fields), as the benchmark's gate finds them.
    const [start, end] = [20, 50];
    const data = semverData();
    const files: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(folder, entry.name));
        else files.push(join(folder, entry.name));
      }
    };
    walk(data);
    const diffPath = join(data, 'functions', 'diff.js.txt');
    const gated = gatedNames(
      gateFacts(readFileSync(diffPath, 'utf8'), 'javascript', files.filter((f) => f !== diffPath).map((f) => readFileSync(f, 'utf8')), new Set(['semver'])),
      { start, end },
    );
    assert.ok(gated.size >= 3, `names only other files define: ${[...gated].join(', ')}`);
    const open = await retypeRegion(new Set(), start, end);
    const withGate = await retypeRegion(gated, start, end);
    // The figures, in the suite's report (the test's title is printed with its result).
    if (this.test) this.test.title += ` [saved ${open.toFixed(1)}% open, ${withGate.toFixed(1)}% gated]`;
    console.log(`fresh semver package, diff.js lines ${start + 1}-${end}, gated [${[...gated].join(', ')}]: saved ${open.toFixed(1)}% with an all-knowing model, ${withGate.toFixed(1)}% with the gate (${((100 * withGate) / open).toFixed(1)}% of it)`);
    assert.ok(open > 50, `the all-knowing model saves most keystrokes: ${open.toFixed(1)}%`);
    assert.ok(withGate >= 0.98 * open, `with the gate ${withGate.toFixed(1)}% saved, without ${open.toFixed(1)}%`);
  });
});
