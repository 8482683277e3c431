// The next-edit bench's tasks: edits scripted on the real files of test/data (renames of a
// parameter or a local across its uses, an argument added to a function and passed on at its
// call). Each is a start file and the final file; the person makes the first changed line by
// hand, the rest is what next edits may save.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EditTask {
  readonly name: string;
  readonly file: string;
  readonly start: string;
  readonly final: string;
}

const DATA = join(__dirname, '../../../test/data');

function read(file: string): string {
  return readFileSync(join(DATA, file), 'utf8');
}

/** `pattern` replaced by `replacement` on lines [from, to] (1-based, inclusive) of the file. */
function renameIn(name: string, file: string, from: number, to: number, pattern: RegExp, replacement: string): EditTask {
  const start = read(file);
  const lines = start.split('\n');
  for (let line = from - 1; line < to; line++) lines[line] = lines[line].replace(pattern, replacement);
  return { name, file: file.replace(/\.txt$/, ''), start, final: lines.join('\n') };
}

/** Whole lines replaced (1-based line number: new text). */
function rewriteLines(name: string, file: string, changes: Readonly<Record<number, string>>): EditTask {
  const start = read(file);
  const lines = start.split('\n');
  for (const [line, text] of Object.entries(changes)) lines[Number(line) - 1] = text;
  return { name, file: file.replace(/\.txt$/, ''), start, final: lines.join('\n') };
}

export function editTasks(): EditTask[] {
  return [
    renameIn('rename a parameter (textwrap _fix_sentence_endings: chunks -> pieces)', 'python-textwrap.py.txt', 179, 195, /\bchunks\b/g, 'pieces'),
    renameIn('rename a parameter (textwrap _handle_long_word: reversed_chunks -> stack)', 'python-textwrap.py.txt', 197, 232, /\breversed_chunks\b/g, 'stack'),
    renameIn('rename a parameter (shlex.__init__: punctuation_chars -> punct)', 'python-shlex.py.txt', 21, 66, /\bpunctuation_chars\b/g, 'punct'),
    renameIn('rename a parameter (ollama-js checkOk: response -> res)', 'ollama-utils.ts.txt', 67, 91, /\bresponse(?=[.):,])/g, 'res'),
    rewriteLines('add an argument and pass it on (shlex.split: punctuation_chars)', 'python-shlex.py.txt', {
      305: 'def split(s, comments=False, posix=True, punctuation_chars=False):',
      311: '    lex = shlex(s, posix=posix, punctuation_chars=punctuation_chars)',
    }),
  ];
}
