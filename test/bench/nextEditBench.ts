// Part 8 of `npm run bench`: next-edit suggestions on scripted edit tasks (nextEditTasks.ts).
// A person makes the first change by hand and pauses; the engine asks the next-edit model
// (the fixture model that knows the final file: test/fixtures/nextEditFixture.ts) and shows
// its edits one at a time. A right edit costs Tab to go there and Tab to accept (one Tab when
// the cursor is already on it); a wrong one costs Escape, and the person makes the next
// change by hand. Reported per task: the share of the keystrokes after the first change that
// were saved, suggestions shown / accepted / wrong, requests, prompt size and money at
// DeepSeek's list prices if every request missed the cache (an upper bound).
import { EditHistory } from '../../src/engine/nextEdit/editHistory';
import { hunkKeystrokes, lineHunks, trimmedHunk, type LineHunk } from '../../src/engine/nextEdit/lineHunks';
import { REWRITE_FORMAT } from '../../src/engine/nextEdit/nextEditFormats';
import { askForNextEdits, type NextEditModel } from '../../src/engine/nextEdit/nextEditRequest';
import { NextEditSuggestions } from '../../src/engine/nextEdit/nextEditSuggestions';
import { DEFAULT_SPEND_PRICES } from '../../src/engine/spendMeter';
import { nextEditAnswer } from '../fixtures/nextEditFixture';
import { editTasks, type EditTask } from './nextEditTasks';

export interface TaskResult {
  readonly name: string;
  readonly manualKeystrokes: number;
  readonly spentKeystrokes: number;
  readonly shown: number;
  readonly accepted: number;
  readonly wrong: number;
  readonly requests: number;
  readonly promptChars: number;
  readonly answerChars: number;
  readonly finished: boolean;
}

/** Lines that still differ from the final file. */
function distance(lines: readonly string[], final: readonly string[]): number {
  return lineHunks(0, lines, final).reduce((sum, hunk) => sum + Math.max(hunk.oldLines.length, hunk.newLines.length), 0);
}

function applyHunk(lines: string[], hunk: LineHunk): void {
  lines.splice(hunk.start, hunk.oldLines.length, ...hunk.newLines);
}

export async function runTask(task: EditTask, oracle = true): Promise<TaskResult> {
  const final = task.final.split('\n');
  const lines = task.start.split('\n');
  const todo = lineHunks(0, lines, final);
  const history = new EditHistory();
  let now = 0;
  let promptChars = 0;
  let answerChars = 0;
  let requests = 0;
  const model: NextEditModel = async (messages) => {
    requests++;
    const prompt = messages.map((m) => m.content).join('\n');
    promptChars += prompt.length;
    const text = oracle ? (nextEditAnswer(messages[messages.length - 1].content, task.final) ?? '') : '';
    answerChars += text.length;
    return { text, finishReason: 'stop' };
  };
  // The first change, by hand: it tells the model what is going on and is not counted.
  const doByHand = (hunk: LineHunk) => {
    const before = lines.slice(hunk.start, hunk.start + hunk.oldLines.length);
    applyHunk(lines, hunk);
    const recorded = trimmedHunk(hunk.start, before, hunk.newLines);
    if (recorded) history.add(task.file, recorded, (now += 5000));
    return hunk.start + Math.max(0, hunk.newLines.length - 1);
  };
  let cursor = doByHand(todo[0]);
  const manualKeystrokes = lineHunks(0, lines, final).reduce((sum, hunk) => sum + hunkKeystrokes(hunk), 0);
  let spent = 0;
  let shown = 0;
  let accepted = 0;
  let wrong = 0;
  for (let round = 0; round < 100 && distance(lines, final) > 0; round++) {
    const result = await askForNextEdits(REWRITE_FORMAT, model, { file: task.file, lineCount: lines.length, lineText: (l) => lines[l], cursor: { line: cursor, character: 0 }, edits: history.recent(now) }, new AbortController().signal);
    const suggestions = new NextEditSuggestions(result.edits, cursor);
    let progressed = false;
    for (let edit = suggestions.current((l) => lines[l]); edit; edit = suggestions.current((l) => lines[l])) {
      shown++;
      const onIt = cursor >= edit.start && cursor < edit.start + Math.max(1, edit.oldLines.length);
      const trial = [...lines];
      applyHunk(trial, edit);
      if (distance(trial, final) >= distance(lines, final)) {
        wrong++;
        spent += 1;
        break;
      }
      spent += onIt ? 1 : 2;
      accepted++;
      const before = lines.slice(edit.start, edit.start + edit.oldLines.length);
      applyHunk(lines, edit);
      const recorded = trimmedHunk(edit.start, before, edit.newLines);
      if (recorded) history.add(task.file, recorded, (now += 1000));
      cursor = edit.start + Math.max(0, edit.newLines.length - 1);
      suggestions.accepted();
      progressed = true;
    }
    if (!progressed) {
      // Nothing right was proposed here: the person makes the next change by hand.
      const next = lineHunks(0, lines, final).find((hunk) => hunk.start >= cursor) ?? lineHunks(0, lines, final)[0];
      if (!next) break;
      spent += hunkKeystrokes(next);
      cursor = doByHand(next);
    }
  }
  return { name: task.name, manualKeystrokes, spentKeystrokes: spent, shown, accepted, wrong, requests, promptChars, answerChars, finished: distance(lines, final) === 0 };
}

/** Dollars at DeepSeek's list prices, every prompt token a cache miss, ~3 characters a token. */
function money(promptChars: number, answerChars: number): number {
  const p = DEFAULT_SPEND_PRICES;
  return ((promptChars / 3) * p.cacheMissPerMillion + (answerChars / 3) * p.outputPerMillion) / 1_000_000;
}

export async function runNextEditBench(): Promise<{ saved: number; wrongShare: number }> {
  const results: TaskResult[] = [];
  for (const task of editTasks()) results.push(await runTask(task));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log('task | keystrokes by hand | spent | saved | shown | accepted | wrong | requests | prompt chars | money (upper bound)');
  for (const r of results) {
    const saved = 1 - r.spentKeystrokes / r.manualKeystrokes;
    console.log(`${r.name} | ${r.manualKeystrokes} | ${r.spentKeystrokes} | ${pct(saved)} | ${r.shown} | ${r.accepted} | ${r.wrong} | ${r.requests} | ${r.promptChars} | $${money(r.promptChars, r.answerChars).toFixed(5)}${r.finished ? '' : ' (NOT FINISHED)'}`);
  }
  const manual = results.reduce((s, r) => s + r.manualKeystrokes, 0);
  const spent = results.reduce((s, r) => s + r.spentKeystrokes, 0);
  const shown = results.reduce((s, r) => s + r.shown, 0);
  const wrong = results.reduce((s, r) => s + r.wrong, 0);
  const saved = 1 - spent / manual;
  const wrongShare = shown > 0 ? wrong / shown : 0;
  console.log(`all tasks: keystrokes saved ${pct(saved)} (${manual} by hand -> ${spent}), wrong ${wrong} of ${shown} shown (${pct(wrongShare)}), requests ${results.reduce((s, r) => s + r.requests, 0)}`);
  return { saved, wrongShare };
}

if (require.main === module) {
  void runNextEditBench().then(({ saved, wrongShare }) => {
    // The bar: at least half the keystrokes saved, under one wrong suggestion in ten.
    if (saved < 0.5 || wrongShare >= 0.1) {
      console.error('next-edit bench: below the bar (>= 50% saved, < 10% wrong)');
      process.exitCode = 1;
    }
  });
}
