// Document text that spells DeepSeek's special tokens (FIM begin/hole/end, end of sentence)
// cannot change the structure of the raw prompt Ollama receives: the engine, the real Ollama
// backend and the fixture server, end to end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE, neutraliseSpecialTokens } from '../../src/engine/fimTemplate';
import { silentLogger } from '../../src/engine/types';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { withCursor } from '../support/textDocument';

const MODEL = 'deepseek-coder:1.3b-base';

function count(text: string, token: string): number {
  return text.split(token).length - 1;
}

describe('a document that holds special tokens as text', () => {
  let fixture: OllamaFixture;

  before(async () => {
    fixture = await startOllamaFixture({ models: [MODEL] });
    fixture.setResponder(() => 'value');
  });
  after(async () => {
    await fixture.close();
  });

  it('the raw prompt Ollama receives has one FIM begin, hole and end, in order, and no end of sentence', async () => {
    const backend = new OllamaBackend({ host: fixture.url, model: MODEL, keepAlive: '30m' });
    const settings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 };
    const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger });
    // A file about the FIM format: every token, above and below the cursor and on its line.
    const marked = [
      `BEGIN = "${FIM_BEGIN}"`,
      `HOLE = "${FIM_HOLE}"  # then ${END_OF_SENTENCE}`,
      `x = "${FIM_END}" + |`,
      `END = "${FIM_END}${FIM_BEGIN}"`,
    ].join('\n');
    const { doc, position } = withCursor(marked);
    const from = fixture.generateRequests().length;
    const result = await engine.provide({ editorKey: 'tokens', document: doc, position, explicit: true }, new AbortController().signal);
    assert.equal(result?.insertText, 'value');

    const prompts = fixture.generateRequests().slice(from).map((request) => String((request.body as { prompt?: unknown }).prompt));
    assert.equal(prompts.length, 1);
    const prompt = prompts[0];
    assert.deepEqual([count(prompt, FIM_BEGIN), count(prompt, FIM_HOLE), count(prompt, FIM_END), count(prompt, END_OF_SENTENCE)], [1, 1, 1, 0]);
    assert.ok(prompt.startsWith(FIM_BEGIN));
    // The hole is where the cursor is, and the document's text around it is all there, as text:
    // the prefix up to the written middle, the suffix, then the written middle after the end token.
    const hole = prompt.indexOf(FIM_HOLE);
    const end = prompt.indexOf(FIM_END);
    assert.equal(prompt.slice(FIM_BEGIN.length, hole) + prompt.slice(end + FIM_END.length), neutraliseSpecialTokens(marked.slice(0, marked.indexOf('|'))));
    assert.equal(prompt.slice(hole + FIM_HOLE.length, end), neutraliseSpecialTokens(marked.slice(marked.indexOf('|') + 1)));
  });
});
