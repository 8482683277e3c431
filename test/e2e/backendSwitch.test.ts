// Switching backend and model from the status bar in a real VS Code, as a user does: a mouse
// click on the DeepSeek FIM item opens its menu; "Use Ollama..." lists the fixture's installed
// models and the DeepSeek Coder base models not pulled yet, and picking one of those pulls it
// with a progress notification; "Use the DeepSeek API..." lists the models the key can use and
// switches at once, without a reload. After each switch the status bar, the settings files on
// disk and the very next ghost text (and the server it came from) all follow the pick.
// "Use a Team Server..." lists a vLLM server's /v1/models and completes with a DeepSeek FIM prompt
// rendered by the extension (never a `suffix`); "Use llama.cpp..." lists llama-server's model
// and completes on /infill, with the file the document imports as `input_extra`.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_DEFAULT_KEY, FIXTURE_DEFAULT_MODELS, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type GenerateBody, type OllamaFixture } from '../fixtures/ollamaFixture';
import { startTeamServerFixture, type TeamServerFixture } from '../fixtures/teamServerFixture';
import { splitFimPrompt } from './fimScript';
import { extensionSettings, launchVsCode, sleep, type VsCodeSession } from './harness';

const START_MODEL = 'deepseek-coder:1.3b-base';
/** Installed at the start too: a non-base model the list must mark as such. */
const INSTRUCT_MODEL = 'deepseek-coder:6.7b-instruct';
/** Not installed at the start: picking it pulls it. */
const PULLED_MODEL = 'deepseek-coder:6.7b-base';
const DEEPSEEK_MODEL = 'deepseek-flash';
/** Between the fixture's /api/pull progress lines (24 lines: about 3.6 s in all). */
const PULL_STEP_MS = 150;
const FILE = 'import math\n\n\n\n\n';
/** vLLM's --served-model-name, and a second model it serves. */
const VLLM_MODEL = 'deepseek-coder-6.7b-base';
const VLLM_MODELS = [VLLM_MODEL, 'Qwen/Qwen2.5-Coder-7B'];
/** A workspace file the llama.cpp step's document imports: it must reach llama.cpp as input_extra. */
const HELPERS = 'def double(x):\n    return 2 * x\n';
const INFILL = 'import helpers\n\n\n';
/** The GGUF llama-server loaded (its /v1/models id). */
const GGUF = 'deepseek-coder-1.3b-base.gguf';

/** An answer that names the model that produced it, so the ghost text itself says where it came from. */
const answerFrom = (source: string, model: unknown) => `${source}_${String(model).replace(/[^a-z0-9]+/gi, '_')}()`;

/** The percent a progress message shows ("... 50% 1.9 GB / 3.8 GB"), if any. */
function percentOf(message: string): number | undefined {
  const match = /\s(\d{1,3})%/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Waits until the fixture got no new request for `quietMs` (a speculative request may still be on its way). */
async function settle(requests: () => number, quietMs = 1500, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = requests();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`the Ollama fixture kept getting requests for ${timeoutMs} ms`);
    await sleep(100);
    if (requests() !== count) {
      count = requests();
      since = Date.now();
    }
  }
}

/**
 * Whether a prompt's last line is part of `typed` (a keystroke's request), or part of it with
 * the completion `shown` accepted after it (the prediction made while that completion showed).
 */
function typedOrPredicted(prefix: string, typed: string, shown: string): boolean {
  const lastLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
  if (typed.startsWith(lastLine)) return true;
  return lastLine.endsWith(shown) && typed.startsWith(lastLine.slice(0, lastLine.length - shown.length));
}

describe('switching backend and model from the status bar', () => {
  let ollama: OllamaFixture;
  let deepseek: DeepSeekFixture;
  let vs: VsCodeSession;
  let vllm: TeamServerFixture;
  let llamaCpp: TeamServerFixture;

  before(
    async () => {
      ollama = await startOllamaFixture({ models: [START_MODEL, INSTRUCT_MODEL], latency: { pullStepMs: PULL_STEP_MS } });
      ollama.setResponder((_prompt, body) => answerFrom('local', body.model));
      deepseek = await startDeepSeekFixture();
      deepseek.setResponder((_prompt, _suffix, body) => answerFrom('hosted', body.model));
      vllm = await startTeamServerFixture({ flavor: 'vllm', models: VLLM_MODELS });
      // Only a well-formed DeepSeek FIM prompt gets code back: anything else would be garbage to a real model.
      vllm.setResponder((prompt, body) => (splitFimPrompt(prompt) ? answerFrom('vllm', body.model) : 'NOT_A_FIM_PROMPT'));
      llamaCpp = await startTeamServerFixture({ flavor: 'llamacpp', modelPath: GGUF });
      llamaCpp.setResponder((prompt) => (splitFimPrompt(prompt) ? answerFrom('infill', GGUF) : 'NOT_A_FIM_PROMPT'));
      vs = await launchVsCode({
        suite: 'backend-switch',
        files: { 'switch.py': FILE, 'helpers.py': HELPERS, 'infill.py': INFILL },
        settings: {
          ...extensionSettings(ollama.url),
          // Both DeepSeek URLs are machine-scoped: the FIM endpoint, and the API root the model list comes from.
          'deepseekFim.deepseek.baseUrl': deepseek.betaUrl,
          'deepseekFim.deepseek.chatBaseUrl': deepseek.url,
          'deepseekFim.openaiCompatible.baseUrl': vllm.url,
          'deepseekFim.openaiCompatible.serverName': 'vLLM',
          'deepseekFim.llamaCpp.baseUrl': llamaCpp.url,
        },
        env: { DEEPSEEK_API_KEY: FIXTURE_DEFAULT_KEY },
      });
      // Gone after a page reload: proves the switches below happen in the running window.
      await vs.page.evaluate(() => {
        (window as unknown as { __e2eNoReload?: string }).__e2eNoReload = 'still the same page';
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await ollama?.close();
    await deepseek?.close();
    await vllm?.close();
    await llamaCpp?.close();
  });

  const samePage = async () => vs.page.evaluate(() => (window as unknown as { __e2eNoReload?: string }).__e2eNoReload === 'still the same page');

  it('Use Ollama...: lists installed and unpulled base models, pulls the pick with progress, then completes with it', { timeout: 180_000 }, () =>
    vs.step('ollama-pull-and-switch', async () => {
      assert.ok(!ollama.installedModels.includes(PULLED_MODEL), `${PULLED_MODEL} must not be installed at the start`);
      await vs.waitForStatusBar(`Ollama · ${START_MODEL}`, 30_000);
      await vs.openFile('switch.py', 2, 1);
      const requestsBefore = ollama.requests.length;
      const toastsBefore = (await vs.notificationHistory()).length;

      await vs.clickStatusBarItem();
      const menu = await vs.waitForQuickPick('DeepSeek FIM', 20_000);
      const useOllama = menu.find((item) => item.label === 'Use Ollama...');
      assert.ok(useOllama, `no "Use Ollama..." in the menu: ${JSON.stringify(menu)}`);
      assert.equal(useOllama.description, `current: ${START_MODEL}`);
      assert.ok(menu.some((item) => item.label === 'Use the DeepSeek API...'), `no "Use the DeepSeek API..." in the menu: ${JSON.stringify(menu)}`);

      await vs.pickQuickItem('Use Ollama...');
      const models = await vs.waitForQuickPick(/^DeepSeek FIM: Ollama models at /, 20_000);
      assert.ok(
        ollama.requests.slice(requestsBefore).some((r) => r.method === 'GET' && r.path === '/api/tags'),
        'the model list did not come from the fixture\'s /api/tags',
      );
      assert.deepEqual(
        models.map((m) => m.label),
        [START_MODEL, INSTRUCT_MODEL, PULLED_MODEL, 'deepseek-coder-v2:16b-lite-base'],
      );
      const described = Object.fromEntries(models.map((m) => [m.label, m.description]));
      assert.match(described[START_MODEL], /^installed$/);
      assert.match(described[INSTRUCT_MODEL], /^installed \(not a base model/);
      assert.match(described[PULLED_MODEL], /not pulled yet/);
      assert.match(described['deepseek-coder-v2:16b-lite-base'], /not pulled yet/);

      await vs.pickQuickItem(PULLED_MODEL);
      // While the pull runs: the notification names the model and shows a percent on its way up.
      const midway = await vs.waitFor(
        'a pull notification with an intermediate percent',
        () => vs.visibleNotifications(),
        (shown) => shown.some((text) => text.includes(`Pulling ${PULLED_MODEL}`) && (percentOf(text) ?? 0) > 0 && (percentOf(text) ?? 100) < 100),
        20_000,
        20,
      );
      assert.ok(midway.length > 0);
      // Once it is done the status bar names the new model...
      await vs.waitForStatusBar(`Ollama · ${PULLED_MODEL}`, 60_000);

      // ...and the toast showed the whole climb: each layer's percent goes up to 100, the end is "success 100%".
      const pullToasts = (await vs.notificationHistory()).slice(toastsBefore).filter((history) => history.some((text) => text.includes(`Pulling ${PULLED_MODEL}`)));
      assert.equal(pullToasts.length, 1, `expected one pull notification, saw ${JSON.stringify(pullToasts)}`);
      const messages = pullToasts[0];
      console.log(`[e2e] backend-switch: the pull notification showed ${messages.length} messages: ${JSON.stringify(messages)}`);
      // Ollama reports each layer (blob) on its own: per layer, the percent only goes up and ends at 100.
      const layers = new Map<string, (number | undefined)[]>();
      for (const message of messages) {
        const layer = /pulling ([0-9a-f]{12})/.exec(message)?.[1];
        if (layer) layers.set(layer, [...(layers.get(layer) ?? []), percentOf(message)]);
      }
      assert.ok(layers.size > 0, `no layer progress in ${JSON.stringify(messages)}`);
      for (const [layer, percents] of layers) {
        assert.ok(percents.every((p) => p !== undefined), `layer ${layer}: a message without a percent in ${JSON.stringify(messages)}`);
        const values = percents as number[];
        for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `layer ${layer}: the percent went down: ${JSON.stringify(values)}`);
        assert.equal(values.at(-1), 100, `layer ${layer} never reached 100%: ${JSON.stringify(messages)}`);
      }
      const [firstLayer] = layers.values();
      assert.ok(firstLayer.some((p) => p! > 0 && p! < 100), `no intermediate percent recorded for the weights: ${JSON.stringify(messages)}`);
      // Every layer has a size: none may read "0 kB / 0 kB" (bytes under 1 kB were rounded away).
      const sizes = messages.map((m) => /\d+% (\S+ \S+) \/ (\S+ \S+)$/.exec(m)).filter((m) => m !== null);
      assert.ok(sizes.length > 0, `no byte counts shown: ${JSON.stringify(messages)}`);
      for (const [shown, , total] of sizes) assert.doesNotMatch(total, /^0 /, `a layer shown as empty: ${shown}`);
      assert.match(messages.at(-1) ?? '', /success 100%$/, `the last message was not the end of the pull: ${JSON.stringify(messages)}`);
      const pulls = ollama.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && r.path === '/api/pull');
      assert.equal(pulls.length, 1);
      // The `ollama` client sends the model as the deprecated `name`; the API doc says `model`.
      const pullBody = pulls[0].body as GenerateBody;
      assert.equal(pullBody.model ?? pullBody.name, PULLED_MODEL);
      assert.ok(ollama.installedModels.includes(PULLED_MODEL), 'the fixture did not finish the pull');

      // The pick is the user's setting now, on disk.
      await vs.waitFor('deepseekFim.ollama.model in User settings.json', async () => vs.settingsOnDisk('user')['deepseekFim.ollama.model'], (model) => model === PULLED_MODEL, 10_000);

      // The next ghost text comes from the pulled model.
      const generateBefore = ollama.generateRequests().length;
      await vs.openFile('switch.py', 2, 1);
      await vs.typeText('value = ');
      await vs.waitForGhostText(answerFrom('local', PULLED_MODEL), 30_000);
      const generated = ollama.generateRequests().slice(generateBefore);
      assert.ok(generated.length > 0, 'no /api/generate request after the switch');
      for (const request of generated) assert.equal((request.body as GenerateBody).model, PULLED_MODEL);
      assert.ok(await samePage(), 'the page was reloaded');
    }),
  );

  it('Use the DeepSeek API...: lists the key\'s models, switches at once, the next ghost text comes from DeepSeek', { timeout: 180_000 }, () =>
    vs.step('deepseek-switch', async () => {
      // Leave the line the first test typed on, let any speculative Ollama request land, then switch.
      await vs.pressKey('Escape');
      await settle(() => ollama.requests.length);
      const ollamaRequestsBeforeSwitch = ollama.requests.length;
      const deepseekBefore = deepseek.requests.length;

      await vs.clickStatusBarItem();
      const menu = await vs.waitForQuickPick('DeepSeek FIM', 20_000);
      assert.equal(menu.find((item) => item.label === 'Use Ollama...')?.description, `current: ${PULLED_MODEL}`);
      await vs.pickQuickItem('Use the DeepSeek API...');
      const models = await vs.waitForQuickPick('DeepSeek FIM: DeepSeek model for FIM completion', 20_000);
      assert.deepEqual(
        models.map((m) => m.label),
        [...FIXTURE_DEFAULT_MODELS],
      );
      assert.match(models.find((m) => m.label === 'deepseek-v4-flash')?.description ?? '', /retired: served and billed as deepseek-flash/);
      assert.doesNotMatch(models.find((m) => m.label === 'deepseek-flash')?.description ?? '', /retired/);
      const listed = deepseek.requests.slice(deepseekBefore).filter((r) => r.method === 'GET' && r.path === '/models');
      assert.equal(listed.length, 1, 'the model list did not come from the fixture\'s GET /models');
      assert.equal(listed[0].headers.authorization, `Bearer ${FIXTURE_DEFAULT_KEY}`);

      await vs.pickQuickItem(DEEPSEEK_MODEL);
      const picked = Date.now();
      await vs.waitForStatusBar(`DeepSeek · ${DEEPSEEK_MODEL}`, 15_000);
      const switchMs = Date.now() - picked;
      assert.ok(await samePage(), 'the page was reloaded');

      // On disk: the backend is machine-scoped, so a remote window (code-server is one) keeps it
      // in the remote machine's user settings; the model in the User settings.json.
      await vs.waitFor('deepseekFim.backend on disk', async () => vs.settingsOnDisk('machine')['deepseekFim.backend'], (backend) => backend === 'deepseek', 10_000);
      assert.equal(vs.settingsOnDisk('user')['deepseekFim.deepseek.model'], DEEPSEEK_MODEL);

      // The next ghost text comes from DeepSeek, with the key; Ollama hears nothing.
      const completionsBefore = deepseek.completionRequests().length;
      await vs.openFile('switch.py', 3, 1);
      await vs.typeText('other = ');
      await vs.waitForGhostText(answerFrom('hosted', DEEPSEEK_MODEL), 30_000);
      const completions = deepseek.completionRequests().slice(completionsBefore);
      assert.ok(completions.length > 0, 'no /completions request reached the DeepSeek fixture');
      for (const request of completions) {
        assert.equal(request.path, '/beta/completions');
        assert.equal(request.headers.authorization, `Bearer ${FIXTURE_DEFAULT_KEY}`);
        assert.equal((request.body as { model?: string }).model, DEEPSEEK_MODEL);
      }
      const toOllama = ollama.requests.slice(ollamaRequestsBeforeSwitch).map((r) => `${r.method} ${r.path} ${r.rawBody.slice(0, 120)}`);
      assert.deepEqual(toOllama, [], 'the Ollama fixture got requests after the switch to DeepSeek');
      console.log(`[e2e] backend-switch: status bar named DeepSeek ${switchMs} ms after the pick`);
    }),
  );

  it('Use a Team Server...: lists vLLM\'s models, switches, the ghost text comes from a rendered DeepSeek FIM prompt with no suffix', { timeout: 180_000 }, () =>
    vs.step('vllm-switch', async () => {
      await vs.pressKey('Escape');
      await settle(() => deepseek.requests.length);
      const deepseekBefore = deepseek.requests.length;

      await vs.clickStatusBarItem();
      const menu = await vs.waitForQuickPick('DeepSeek FIM', 20_000);
      assert.ok(menu.some((item) => item.label === 'Use llama.cpp...'), `no "Use llama.cpp..." in the menu: ${JSON.stringify(menu)}`);
      await vs.pickQuickItem('Use a Team Server...');
      const models = await vs.waitForQuickPick(`DeepSeek FIM: models at ${vllm.url}`, 20_000);
      assert.deepEqual(models.map((m) => m.label), VLLM_MODELS, 'the list is the fixture\'s GET /v1/models');
      assert.match(models[0].description ?? '', /DeepSeek Coder/);
      assert.match(models[1].description ?? '', /Qwen2\.5-Coder/);

      await vs.pickQuickItem(VLLM_MODEL);
      await vs.waitForStatusBar(`vLLM · ${VLLM_MODEL}`, 15_000);
      await vs.waitFor('deepseekFim.backend on disk', async () => vs.settingsOnDisk('machine')['deepseekFim.backend'], (backend) => backend === 'openaiCompatible', 10_000);

      const before = vllm.completionRequests().length;
      await vs.openFile('switch.py', 4, 1);
      await vs.typeText('third = ');
      await vs.waitForGhostText(answerFrom('vllm', VLLM_MODEL), 30_000);
      const sent = vllm.completionRequests().slice(before);
      assert.ok(sent.length > 0, 'no /v1/completions request reached the vLLM fixture');
      assert.ok(sent.some((request) => splitFimPrompt((request.body as { prompt?: string }).prompt ?? '')?.prefix.endsWith('third = ')), 'no request for the whole line');
      for (const request of sent) {
        const body = request.body as { prompt?: string; model?: string; suffix?: unknown };
        assert.ok(!('suffix' in body), 'a suffix was sent to vLLM');
        const fim = splitFimPrompt(body.prompt ?? '');
        assert.ok(fim, `not a DeepSeek FIM prompt: ${JSON.stringify(body.prompt)}`);
        // Typed so far on the line, as the keystroke that asked saw it, or (a prediction) that
        // with the completion shown for it accepted.
        assert.ok(typedOrPredicted(fim.prefix, 'third = ', answerFrom('vllm', VLLM_MODEL)), JSON.stringify(fim.prefix));
        assert.equal(body.model, VLLM_MODEL);
        assert.notEqual(request.status, 400);
      }
      assert.ok(await samePage(), 'the page was reloaded');
      assert.equal(deepseek.requests.length, deepseekBefore, 'the DeepSeek fixture got requests after the switch');
    }),
  );

  it('Use llama.cpp...: lists llama-server\'s model, switches, the ghost text comes from /infill', { timeout: 180_000 }, () =>
    vs.step('llamacpp-switch', async () => {
      await vs.pressKey('Escape');
      await settle(() => vllm.requests.length);
      const vllmBefore = vllm.requests.length;

      await vs.clickStatusBarItem();
      await vs.waitForQuickPick('DeepSeek FIM', 20_000);
      await vs.pickQuickItem('Use llama.cpp...');
      const models = await vs.waitForQuickPick(`DeepSeek FIM: llama.cpp at ${llamaCpp.url}`, 20_000);
      assert.deepEqual(models.map((m) => m.label), [GGUF]);
      await vs.pickQuickItem(GGUF);
      await vs.waitForStatusBar(`llama.cpp · ${GGUF}`, 15_000);

      const before = llamaCpp.completionRequests().length;
      await vs.openFile('infill.py', 3, 1);
      // Other files are gathered while the editor is idle, never on the keystroke path.
      await sleep(1500);
      await vs.typeText('fourth = ');
      await vs.waitForGhostText(answerFrom('infill', GGUF), 30_000);
      type InfillBody = { input_prefix?: string; prompt?: string; input_extra?: { filename?: string; text?: string }[]; cache_prompt?: unknown; stream?: unknown };
      // The current file up to the cursor line, then the typed part of the line in `prompt` (llama-server puts it after the middle token).
      const beforeCursor = (body: InfillBody) => (body.input_prefix ?? '') + (body.prompt ?? '');
      const sent = llamaCpp.completionRequests().slice(before);
      assert.ok(sent.length > 0, 'no /infill request reached the llama.cpp fixture');
      for (const request of sent) {
        const body = request.body as InfillBody;
        assert.equal(request.path, '/infill');
        const prefix = beforeCursor(body);
        assert.ok(!(body.prompt ?? '').includes('\n') && (body.input_prefix ?? '').endsWith('\n'), `the typed part of the line is not the whole of prompt: ${JSON.stringify(body)}`);
        assert.ok(prefix.startsWith('import helpers\n') && typedOrPredicted(prefix, 'fourth = ', answerFrom('infill', GGUF)), `input_prefix is not the current file alone: ${JSON.stringify(prefix)}`);
        assert.ok(Array.isArray(body.input_extra));
        assert.equal(body.cache_prompt, true);
        assert.equal(body.stream, true);
      }
      assert.ok(sent.some((request) => beforeCursor(request.body as InfillBody).endsWith('fourth = ')), 'no request for the whole line');
      const withHelpers = sent.filter((request) => (request.body as InfillBody).input_extra?.some((chunk) => chunk.filename === 'helpers.py' && (chunk.text ?? '').includes('def double')));
      assert.ok(withHelpers.length > 0, `helpers.py never reached llama.cpp as input_extra: ${JSON.stringify(sent.map((r) => (r.body as InfillBody).input_extra))}`);
      assert.ok(await samePage(), 'the page was reloaded');
      assert.equal(vllm.requests.length, vllmBefore, 'the vLLM fixture got requests after the switch');
    }),
  );
});
