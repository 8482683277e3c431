// Workspace trust in a real VS Code: in Restricted Mode (an untrusted folder) no code goes to
// the hosted DeepSeek API, the status bar says why, and the user's own opt-in setting lifts it
// for the file being edited only: no other file of the workspace goes with it. The repository's
// own .vscode/settings.json, which picks another model, a larger token cap and a larger
// context, counts for nothing there: the user's settings (or the defaults) hold.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { launchVsCode, sleep, type VsCodeSession } from './harness';

const MODEL = 'deepseek-flash';
const FILE = 'from helpers import shout\n\ndef greet(name):\n    \n';
/** A file greet.py imports: with trust it would be sent as context. */
const HELPERS = 'def shout(text):\n    return text.upper() + "!"  # helpers-content-marker\n';
const TARGET = 'return f"Hello, {name}!"';
/** What a cloned repository's workspace settings try: a costlier model, more tokens, more code sent. */
const REPOSITORY_SETTINGS = { 'deepseekFim.deepseek.model': 'deepseek-v4-pro', 'deepseekFim.maxTokens': 4000, 'deepseekFim.context.maxChars': 100000 };

describe('Restricted Mode (untrusted workspace) with the DeepSeek API', () => {
  let fixture: DeepSeekFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startDeepSeekFixture();
      // Completes the line being typed towards TARGET, whatever has been typed of it so far.
      fixture.setResponder((prompt) => {
        const typed = prompt.slice(prompt.lastIndexOf('\n') + 1).trimStart();
        return TARGET.startsWith(typed) ? TARGET.slice(typed.length) : '';
      });
      vs = await launchVsCode({
        suite: 'restricted',
        files: { 'greet.py': FILE, 'helpers.py': HELPERS, '.vscode/settings.json': JSON.stringify(REPOSITORY_SETTINGS) },
        settings: {
          // Trust on, and never asked at startup: the folder opens untrusted, as a freshly
          // cloned repository does when the user picks "No, I don't trust the authors".
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
          'security.workspace.trust.untrustedFiles': 'open',
          'deepseekFim.backend': 'deepseek',
          'deepseekFim.deepseek.baseUrl': fixture.betaUrl,
          'deepseekFim.deepseek.model': MODEL,
        },
        env: { DEEPSEEK_API_KEY: FIXTURE_DEFAULT_KEY },
        workspaceTrust: true,
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  it('typing sends nothing to the hosted API and the status bar says Restricted Mode', { timeout: 90_000 }, () =>
    vs.step('restricted-nothing-sent', async () => {
      await vs.waitForStatusBar(/Restricted Mode/, 20_000);
      await vs.openFile('greet.py', 4, 5);
      await vs.typeText('return ', { delayMs: 120 });
      await sleep(1500);
      assert.equal(await vs.ghostText(), '', 'ghost text in Restricted Mode');
      assert.equal(fixture.completionRequests().length, 0, 'code reached the hosted API from an untrusted workspace');
    }),
  );

  it('with deepseekFim.allowHostedInUntrustedWorkspaces on, completions come from the API', { timeout: 120_000 }, () =>
    vs.step('restricted-allowed', async () => {
      await vs.updateSettings({ 'deepseekFim.allowHostedInUntrustedWorkspaces': true });
      const status = await vs.waitForStatusBar((text) => !text.includes('Restricted Mode'), 20_000);
      assert.match(status, new RegExp(`DeepSeek · ${MODEL}`));
      await vs.openFile('greet.py', 4, 12);
      await vs.typeText('f', { delayMs: 120 });
      await vs.waitForGhostText('"Hello, {name}!"', 20_000);
      assert.ok(fixture.completionRequests().length > 0, 'no request reached the API after the opt-in');
      for (const request of fixture.completionRequests()) {
        const body = JSON.stringify(request.body ?? '');
        assert.ok(!body.includes('helpers-content-marker') && !body.includes('# helpers.py'), `another file's content went to the hosted API from an untrusted workspace: ${body.slice(0, 300)}`);
        // The repository's model and token cap were ignored: the user's model, the default cap.
        const fields = request.body as { model?: unknown; max_tokens?: unknown };
        assert.equal(fields.model, MODEL, 'the workspace chose the model in Restricted Mode');
        assert.equal(fields.max_tokens, 256, 'the workspace raised max_tokens in Restricted Mode');
      }
    }),
  );
});
