// The DeepSeek backend's sticky start: when the engine's window moves down the file, the lines it
// dropped are put back from the previous prompt so that the prompt's start (and DeepSeek's cache
// hits) stay; never when the text in between changed, another file or block is sent, or the
// prompt would grow past twice the window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StickyStart, withEarlierStart } from '../../src/backends/deepseek/stickyStart';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import type { CompletionRequest } from '../../src/engine/types';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture } from '../fixtures/deepseekFixture';

const FILE = Array.from({ length: 400 }, (_, i) => `value_${i} = compute(${i}, "${'x'.repeat(i % 17)}")`);
/** The engine's window: lines [from, to) and the cursor at the end of line `to - 1`. */
const windowOf = (from: number, to: number) => FILE.slice(from, to).join('\n');
const request = (prefix: string, prefixOffset?: number): CompletionRequest => ({
  model: 'deepseek-flash',
  prefix,
  suffix: '\n',
  maxTokens: 64,
  temperature: 0,
  stop: [],
  ...(prefixOffset !== undefined ? { context: { snippets: [], prefixOffset } } : {}),
});

describe('sticky start', () => {
  it('a window that moved down keeps the previous start: the dropped lines come back, in order', () => {
    const sticky = new StickyStart();
    assert.equal(sticky.prefixFor(request(windowOf(0, 120))), windowOf(0, 120));
    assert.equal(sticky.prefixFor(request(windowOf(32, 125))), windowOf(0, 125));
    assert.equal(sticky.prefixFor(request(windowOf(64, 130))), windowOf(0, 130));
  });

  it('grows to at most twice the window, then takes the window as it is', () => {
    const sticky = new StickyStart();
    sticky.prefixFor(request(windowOf(0, 100)));
    assert.equal(sticky.prefixFor(request(windowOf(32, 110))), windowOf(0, 110));
    // The head would be longer than the window itself: start afresh at the window.
    assert.equal(sticky.prefixFor(request(windowOf(96, 150))), windowOf(96, 150));
    assert.equal(sticky.prefixFor(request(windowOf(128, 160))), windowOf(96, 160));
  });

  it('starts afresh when the text in between changed, the window moved up, or the block differs', () => {
    const before = windowOf(0, 120);
    const edited = windowOf(32, 125).replace('value_60 =', 'renamed_60 =');
    assert.equal(withEarlierStart(before, edited), edited);
    assert.equal(withEarlierStart(windowOf(32, 120), windowOf(0, 121)), windowOf(0, 121));
    const sticky = new StickyStart();
    sticky.prefixFor(request(`# a.py\n${windowOf(0, 120)}`, 7));
    assert.equal(sticky.prefixFor(request(`# b.py\n${windowOf(32, 125)}`, 7)), `# b.py\n${windowOf(32, 125)}`);
    assert.equal(sticky.prefixFor(request(`# b.py\n${windowOf(64, 130)}`, 7)), `# b.py\n${windowOf(32, 130)}`, 'the block is kept first');
  });

  it('the line being typed may differ; a start found mid-line is not used', () => {
    const typing = `${windowOf(0, 119)}\nvalue_119 = comp`;
    assert.equal(withEarlierStart(typing, windowOf(32, 121)), windowOf(0, 121));
    const midLine = windowOf(32, 121).slice(5);
    assert.equal(withEarlierStart(windowOf(0, 120), midLine), midLine);
  });

  it('through the backend: the fixture bills the moved window as cache hits, and sees the earlier start', async () => {
    const server = await startDeepSeekFixture();
    try {
      const bills: number[] = [];
      for (const sticky of [true, false]) {
        server.resetCache();
        const backend = new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-flash', apiKey: FIXTURE_DEFAULT_KEY, stickyStart: sticky });
        let hits = 0;
        for (const [from, to] of [[0, 120], [32, 125]]) {
          for await (const event of backend.complete(request(windowOf(from, to)), new AbortController().signal)) if (event.type === 'done') hits = event.usage?.promptCacheHitTokens ?? 0;
        }
        bills.push(hits);
      }
      assert.ok(bills[0] > 1000, `the moved window hit the cache (${bills[0]} tokens)`);
      assert.equal(bills[1], 0, 'without the sticky start the moved window misses entirely');
      const last = server.completionRequests().at(-2)?.body as { prompt: string };
      assert.ok(last.prompt.startsWith(FILE[0]));
    } finally {
      await server.close();
    }
  });
});
