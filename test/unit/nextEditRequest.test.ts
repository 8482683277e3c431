// A next-edit request end to end in Node: the engine's prompt goes through the real `ollama`
// client to the Ollama fixture, whose next-edit model knows how the task ends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { streamOllamaChat } from '../../src/backends/ollama/chat';
import { nextEditFormatFor } from '../../src/engine/nextEdit/nextEditFormats';
import { askForNextEdits, type NextEditModel } from '../../src/engine/nextEdit/nextEditRequest';
import { nextEditResponder } from '../fixtures/nextEditFixture';
import { startOllamaFixture, type GenerateBody, type OllamaFixture } from '../fixtures/ollamaFixture';

const MODEL = 'deepseek-coder:6.7b-instruct';
const START = ['def area(width, height):', '    """Area of a width by height rectangle."""', '    return width * height', '', 'print(area(2, 3))'];
const FINAL = ['def area(w, height):', '    """Area of a w by height rectangle."""', '    return w * height', '', 'print(area(2, 3))'];

function ollamaModel(url: string, model: string): NextEditModel {
  return async (messages, signal) => {
    const stream = streamOllamaChat({ host: url, model, messages, signal, keepAlive: '' });
    let text = '';
    let next = await stream.next();
    while (!next.done) {
      text += next.value;
      next = await stream.next();
    }
    return { text, finishReason: next.value.finishReason, usage: next.value.usage };
  };
}

describe('askForNextEdits through the Ollama fixture', () => {
  let fixture: OllamaFixture;
  before(async () => {
    fixture = await startOllamaFixture({ models: [MODEL, 'zeta:7b'] });
    fixture.setResponder(nextEditResponder({ 'geometry.py': FINAL.join('\n') }));
  });
  after(() => fixture.close());

  for (const model of [MODEL, 'zeta:7b']) {
    it(`after the parameter is renamed, ${model} proposes the other uses, and only them`, async () => {
      const now = ['def area(w, height):', ...START.slice(1)];
      const result = await askForNextEdits(
        nextEditFormatFor(model),
        ollamaModel(fixture.url, model),
        {
          file: 'geometry.py',
          lineCount: now.length,
          lineText: (line) => now[line],
          cursor: { line: 0, character: 10 },
          edits: [{ file: 'geometry.py', hunk: { start: 0, oldLines: [START[0]], newLines: [now[0]] }, at: 0 }],
        },
        new AbortController().signal,
      );
      assert.deepEqual(result.edits, [{ start: 1, oldLines: START.slice(1, 3), newLines: FINAL.slice(1, 3) }]);
      const body = fixture.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as GenerateBody;
      assert.equal(body.model, model);
      const user = body.messages?.at(-1)?.content ?? '';
      assert.ok(user.includes(`-${START[0]}\n+${now[0]}`), 'the recent edit went with the request');
    });
  }
});
