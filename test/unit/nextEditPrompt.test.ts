import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REWRITE_FORMAT, SWEEP_FORMAT, ZETA_FORMAT } from '../../src/engine/nextEdit/nextEditFormats';
import { WINDOW_LINES_ABOVE, WINDOW_LINES_BELOW, buildNextEditMessages, editWindowAt, unifiedDiff } from '../../src/engine/nextEdit/nextEditPrompt';

const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
const edit = { file: 'src/a.py', hunk: { start: 40, oldLines: ['def f(count):'], newLines: ['def f(total):'] }, at: 0 };

describe('next-edit prompt', () => {
  it('the window holds tens of lines around the cursor and reads no others', () => {
    const read: number[] = [];
    const window = editWindowAt(lines.length, (line) => (read.push(line), lines[line]), 50, 3);
    assert.equal(window.start, 50 - WINDOW_LINES_ABOVE);
    assert.equal(window.lines.length, WINDOW_LINES_ABOVE + WINDOW_LINES_BELOW + 1);
    assert.equal(window.cursorLine, WINDOW_LINES_ABOVE);
    assert.deepEqual(read, window.lines.map((_, i) => window.start + i));
    assert.equal(editWindowAt(3, (l) => lines[l], 0, 0).lines.length, 3, 'clamped to the document');
  });

  it('a recorded edit reads as a unified diff with 1-based line numbers', () => {
    assert.equal(unifiedDiff(edit), '@@ -41,1 +41,1 @@\n-def f(count):\n+def f(total):');
  });

  it('rewrite format: fixed system text first, then the edits, the region last with the cursor marked', () => {
    const window = editWindowAt(lines.length, (l) => lines[l], 45, 2);
    const [system, user] = buildNextEditMessages({ format: REWRITE_FORMAT, file: 'src/a.py', edits: [edit], window });
    assert.equal(system.role, 'system');
    assert.equal(system.content, REWRITE_FORMAT.system, 'the same start for every request: the prompt cache reuses it');
    assert.ok(user.content.indexOf('-def f(count):') < user.content.indexOf('<|editable_region_start|>'));
    assert.ok(user.content.includes('\nli<|user_cursor|>ne 45\n'), user.content);
    assert.ok(user.content.endsWith('line 75\n<|editable_region_end|>'));
  });

  it('Zeta format: one message, no system text, its own cursor marker; a "{file}" in the code is left as it is', () => {
    const window = { start: 0, lines: ['print("{file}")'], cursorLine: 0, cursorCharacter: 0 };
    const messages = buildNextEditMessages({ format: ZETA_FORMAT, file: 'a.py', edits: [edit], window });
    assert.equal(messages.length, 1);
    assert.ok(messages[0].content.includes('User edited "src/a.py":'));
    assert.ok(messages[0].content.includes('<|editable_region_start|>\n<|user_cursor_is_here|>print("{file}")\n<|editable_region_end|>'));
  });

  it('Sweep format: the edit as original/updated blocks in a <|file_sep|> section, then the current region and an open updated one', () => {
    const window = { start: 0, lines: ['x = count'], cursorLine: 0, cursorCharacter: 0 };
    const [message] = buildNextEditMessages({ format: SWEEP_FORMAT, file: 'a.py', edits: [edit], window });
    assert.equal(message.content, '<|file_sep|>src/a.py.diff\noriginal:\ndef f(count):\nupdated:\ndef f(total):\n<|file_sep|>current/a.py\nx = count\n<|file_sep|>updated/a.py\n');
  });
});
