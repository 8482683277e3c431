// `npm run bench`, part 4: the typing person on EVERY backend, over real HTTP, in real time:
// our engine with the real Ollama, DeepSeek, OpenAI-compatible (vLLM, TGI) and llama.cpp backends,
// each against its fixture server, whose model is the oracle (the file's true continuation,
// found from the prompt the server received). Prints keystrokes saved and requests per backend.
//
// Simpler than the virtual-time replay (part 1): the person takes a right ghost text as soon as
// it arrives (no reaction time), and a keystroke cancels what was pending. Timings are the
// machine's own, so they are noisy; the savings and request counts are the figures to read.
//
//   node out/test/bench/backendReplay.js [--lines N] [--file NAME]
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { LlamaCppBackend } from '../../src/backends/llamaCpp/llamaCppBackend';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { OpenAiCompatibleBackend } from '../../src/backends/openaiCompatible/openaiCompatibleBackend';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { chooseFimTemplate } from '../../src/engine/fimTemplates';
import { silentLogger, type CompletionBackend, type DocumentView } from '../../src/engine/types';
import { splitFimPrompt } from '../e2e/fimScript';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture } from '../fixtures/ollamaFixture';
import { startTeamServerFixture } from '../fixtures/teamServerFixture';
import { fmt, loadDataFiles, markdownTable } from './benchStats';
import { DEFAULT_MODEL_TIMING, OracleModel } from './oracleModel';
import { decideAccept, DEFAULT_TYPING, indentationLength, keystrokeCost, linePauseMs, typingGapMs } from './typingPerson';

/** The model's latency on every fixture: the same for all, so only the wire differs. */
const FIRST_TOKEN_MS = 120;
const PER_TOKEN_MS = 4;

interface BackendUnderTest {
  readonly name: string;
  readonly backend: CompletionBackend;
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

/** The oracle's answer for a prompt prefix: the rest of the block from where it ends in the file. */
function oracleAnswer(oracle: OracleModel, prefix: string | undefined): string {
  if (prefix === undefined) return '';
  try {
    const cursor = oracle.locate(prefix);
    return cursor === undefined ? '' : oracle.answerFor({ model: '', prefix, suffix: '', maxTokens: 1_000_000, temperature: 0, stop: [] }, cursor);
  } catch {
    return '';
  }
}

async function startAll(oracle: OracleModel): Promise<BackendUnderTest[]> {
  const fromFim = (prompt: string) => oracleAnswer(oracle, splitFimPrompt(prompt)?.prefix);
  const ollama = await startOllamaFixture();
  ollama.setResponder((prompt) => fromFim(prompt));
  ollama.setLatency({ firstTokenMs: FIRST_TOKEN_MS, perTokenMs: PER_TOKEN_MS });
  const deepseek = await startDeepSeekFixture();
  deepseek.setResponder((prompt) => oracleAnswer(oracle, prompt));
  deepseek.setLatency({ firstTokenMs: FIRST_TOKEN_MS, perTokenMs: PER_TOKEN_MS });
  const vllm = await startTeamServerFixture({ flavor: 'vllm' });
  vllm.setResponder((prompt) => fromFim(prompt));
  vllm.setLatency(FIRST_TOKEN_MS, PER_TOKEN_MS);
  const tgi = await startTeamServerFixture({ flavor: 'tgi' });
  tgi.setResponder((prompt) => fromFim(prompt));
  tgi.setLatency(FIRST_TOKEN_MS, PER_TOKEN_MS);
  const llama = await startTeamServerFixture({ flavor: 'llamacpp' });
  llama.setResponder((prompt) => fromFim(prompt));
  llama.setLatency(FIRST_TOKEN_MS, PER_TOKEN_MS);
  const vllmModel = 'deepseek-ai/deepseek-coder-6.7b-base';
  return [
    { name: 'Ollama', backend: new OllamaBackend({ host: ollama.url, model: 'deepseek-coder:1.3b-base', keepAlive: '30m' }), requests: () => ollama.generateRequests().length, close: () => ollama.close() },
    { name: 'DeepSeek API', backend: new DeepSeekBackend({ baseUrl: deepseek.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY }), requests: () => deepseek.completionRequests().length, close: () => deepseek.close() },
    {
      name: 'vLLM (rendered prompt)',
      backend: new OpenAiCompatibleBackend({ baseUrl: vllm.url, model: vllmModel, serverName: 'vLLM', promptMode: 'rendered', template: chooseFimTemplate(vllmModel, 'auto') }),
      requests: () => vllm.completionRequests().length,
      close: () => vllm.close(),
    },
    {
      name: 'TGI (rendered prompt)',
      backend: new OpenAiCompatibleBackend({ baseUrl: tgi.url, model: vllmModel, serverName: 'TGI', promptMode: 'rendered', template: chooseFimTemplate(vllmModel, 'auto') }),
      requests: () => tgi.completionRequests().length,
      close: () => tgi.close(),
    },
    { name: 'llama.cpp (/infill)', backend: new LlamaCppBackend({ baseUrl: llama.url, model: 'deepseek-coder-6.7b-base.gguf' }), requests: () => llama.completionRequests().length, close: () => llama.close() },
  ];
}

function snapshot(text: string, cursor: number): { document: DocumentView; position: { line: number; character: number } } {
  const before = text.slice(0, cursor);
  const lines = before.split('\n');
  const line = lines.length - 1;
  return { document: { lineCount: lines.length, eol: '\n', lineText: (index) => lines[index] ?? '' }, position: { line, character: lines[line].length } };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ReplayResult {
  readonly needed: number;
  readonly typed: number;
  readonly acceptKeystrokes: number;
  readonly accepts: number;
  readonly requests: number;
}

/** One person typing `text` with `backend` behind our engine, in real time. */
async function replay(subject: BackendUnderTest, text: string): Promise<ReplayResult> {
  const engine = new CompletionEngine({ backend: () => subject.backend, settings: () => DEFAULT_ENGINE_SETTINGS, log: silentLogger });
  const requestsBefore = subject.requests();
  let cursor = 0;
  let typed = 0;
  let acceptKeystrokes = 0;
  let accepts = 0;
  let line = 0;
  try {
    while (cursor < text.length) {
      const { document, position } = snapshot(text, cursor);
      const atLineStart = cursor > 0 && text[cursor - 1] === '\n';
      const gap = atLineStart ? linePauseMs(DEFAULT_TYPING, line) : typingGapMs(DEFAULT_TYPING, cursor);
      const cancel = new AbortController();
      const shown = await Promise.race([engine.provide({ editorKey: 'bench', document, position, explicit: false }, cancel.signal), sleep(gap).then(() => undefined)]);
      cancel.abort();
      const decision = shown ? decideAccept(shown.insertText, text.slice(cursor)) : undefined;
      if (decision && decision.length > 0) {
        cursor += decision.length;
        acceptKeystrokes += decision.keystrokes;
        accepts++;
        engine.noteAccepted();
        continue;
      }
      // One keystroke; after Enter the editor's auto-indent gives the indentation.
      if (text[cursor] === '\n') {
        line++;
        const next = text.indexOf('\n', cursor + 1);
        cursor += 1 + indentationLength(text.slice(cursor + 1, next < 0 ? text.length : next));
      } else {
        cursor++;
      }
      typed++;
    }
    // Let the last request land before counting.
    await sleep(300);
    return { needed: keystrokeCost(text), typed, acceptKeystrokes, accepts, requests: subject.requests() - requestsBefore };
  } finally {
    engine.dispose();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const lines = Number(option('lines') ?? 80);
  const [file] = loadDataFiles([option('file') ?? 'python-textwrap.py.txt']);
  const text = file.text.split('\n').slice(0, lines).join('\n') + '\n';
  const oracle = new OracleModel(text, DEFAULT_MODEL_TIMING, () => Date.now());
  const subjects = await startAll(oracle);
  const rows: string[][] = [];
  try {
    for (const subject of subjects) {
      const started = Date.now();
      const result = await replay(subject, text);
      const saved = result.needed - result.typed - result.acceptKeystrokes;
      rows.push([subject.name, `${fmt((100 * saved) / result.needed)}%`, String(result.accepts), String(result.requests), fmt((100 * result.requests) / text.length), fmt((Date.now() - started) / 1000)]);
      console.log(`${subject.name}: ${saved} of ${result.needed} keystrokes saved, ${result.requests} requests`);
    }
  } finally {
    await Promise.all(subjects.map((s) => s.close()));
  }
  console.log(`\n${file.name}, first ${lines} lines (${text.length} chars), model ${FIRST_TOKEN_MS} ms + ${PER_TOKEN_MS} ms/token on every fixture:\n`);
  console.log(markdownTable(['backend', 'keystrokes saved', 'accepts', 'requests', 'requests / 100 chars', 'seconds'], rows));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
