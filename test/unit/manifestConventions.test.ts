// VS Code conventions in the manifest that a user notices when they break: a walkthrough step
// whose button runs nothing or whose picture is missing from the .vsix, a setting whose
// validation rejects its own default or lets a typo through, a settings page without order.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../bench/benchStats';
import { manifestSections, manifestSettings, readManifest } from '../support/manifest';

interface Step {
  readonly id: string;
  readonly description: string;
  readonly completionEvents?: string[];
  readonly media: { readonly svg?: string; readonly image?: string; readonly markdown?: string };
}
interface Contributes {
  readonly commands: { command: string; icon?: string }[];
  readonly menus: Record<string, { command: string }[]>;
  readonly walkthroughs: { id: string; steps: Step[] }[];
}

const manifest = readManifest();
const contributes = manifest.contributes as unknown as Contributes;
const english = JSON.parse(readFileSync(join(repoRoot(), 'package.nls.json'), 'utf8')) as Record<string, string>;
const text = (value: string) => english[value.slice(1, -1)] ?? value;
const commandIds = new Set(contributes.commands.map((c) => c.command));
const settings = manifestSettings();

/** What .vscodeignore lets into the .vsix (it ignores everything, then re-includes). */
function shipped(path: string): boolean {
  const lines = readFileSync(join(repoRoot(), '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
  const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
  return lines.filter((line) => line.startsWith('!')).some((line) => globToRegExp(line.slice(1)).test(path));
}

describe('walkthrough', () => {
  const [walkthrough] = contributes.walkthroughs;

  it('offers a backend, a model or a key, and a sample file to try, each step with a button', () => {
    assert.ok(walkthrough, 'no walkthrough');
    const buttons = walkthrough.steps.map((step) => [...text(step.description).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]));
    assert.ok(buttons.every((commands) => commands.length > 0), 'a step without a button');
    for (const command of ['deepseekFim.switchBackend', 'deepseekFim.pullModel', 'deepseekFim.setApiKey', 'deepseekFim.openSample']) {
      assert.ok(buttons.flat().includes(command), `no step runs ${command}`);
    }
    assert.deepEqual(buttons.flat().filter((command) => !commandIds.has(command)), [], 'buttons for commands the extension does not contribute');
  });

  it('every step completes on something that names a real command or setting', () => {
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} never completes`);
      for (const event of step.completionEvents) {
        const [kind, target] = event.split(':');
        if (kind === 'onCommand') assert.ok(commandIds.has(target), `${step.id}: ${event}`);
        else if (kind === 'onSettingChanged') assert.ok(target in settings, `${step.id}: ${event}`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it('every step picture exists and is packaged', () => {
    for (const step of walkthrough.steps) {
      const media = step.media.svg ?? step.media.image ?? step.media.markdown;
      assert.ok(media, `${step.id} has no media`);
      assert.ok(existsSync(join(repoRoot(), media)), `${media} is missing`);
      assert.ok(shipped(media), `${media} is left out of the .vsix by .vscodeignore`);
    }
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) assert.ok(shipped(file), `${file} is left out of the .vsix`);
  });

  it('every picture README shows is packaged: the extension page shows README from the .vsix', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((path) => !/^https?:/.test(path));
    assert.ok(pictures.length >= 4, `${pictures.length} pictures found in README`);
    for (const picture of pictures) {
      assert.ok(existsSync(join(repoRoot(), picture)), `${picture} is missing`);
      assert.ok(shipped(picture), `${picture} is left out of the .vsix by .vscodeignore`);
    }
  });
});

describe('commands in menus', () => {
  it('every command placed in a menu other than the palette has an icon', () => {
    const placed = Object.entries(contributes.menus).filter(([menu]) => menu !== 'commandPalette').flatMap(([, items]) => items.map((item) => item.command));
    assert.ok(placed.length > 0);
    assert.deepEqual(placed.filter((id) => !contributes.commands.find((c) => c.command === id)?.icon), []);
  });
});

describe('settings', () => {
  it('sit in titled, ordered sections, each setting with its own order and description', () => {
    const sections = manifestSections();
    assert.deepEqual(sections.map((s) => text(s.title ?? '')), ['Completion', 'Ollama', 'DeepSeek API', 'Team Server (OpenAI-compatible, llama.cpp)', 'Refactor', 'Next Edit', 'Privacy']);
    assert.deepEqual(sections.map((s) => s.order), sections.map((_, index) => index + 1));
    for (const section of sections) {
      const orders = Object.values(section.properties ?? {}).map((p) => p.order);
      assert.deepEqual(orders, orders.map((_, index) => index + 1), `${text(section.title ?? '')}: orders`);
    }
    assert.deepEqual(Object.entries(settings).filter(([, p]) => !p.markdownDescription && !p.description).map(([key]) => key), []);
  });

  it('every enum value is described', () => {
    for (const [key, p] of Object.entries(settings)) {
      if (p.enum) assert.equal(p.enumDescriptions?.length, p.enum.length, key);
    }
  });

  it('defaults fit their own type and bounds', () => {
    for (const [key, p] of Object.entries(settings)) {
      if (p.type === 'integer') assert.ok(Number.isInteger(p.default), `${key}: ${String(p.default)}`);
      if (typeof p.default === 'number') {
        if (p.minimum !== undefined) assert.ok(p.default >= p.minimum, key);
        if (p.maximum !== undefined) assert.ok(p.default <= p.maximum, key);
      }
    }
    for (const key of ['debounceMs', 'maxTokens', 'maxLines', 'requestTimeoutMs', 'context.maxChars']) assert.equal(settings[`deepseekFim.${key}`].type, 'integer', key);
  });

  // The Settings editor tests a value with `new RegExp(pattern, 'u')` and shows the error text
  // under the field when it fails.
  const accepts = (key: string, value: string) => new RegExp(settings[`deepseekFim.${key}`].pattern ?? '', 'u').test(value);
  const cases: Record<string, { good: string[]; bad: string[] }> = {
    'ollama.host': { good: ['', 'http://127.0.0.1:11434', 'https://ollama.example.com', '10.0.0.5:11434', 'http://[::1]:11434/'], bad: ['http://', 'ollama host', 'http://a b'] },
    'ollama.keepAlive': { good: ['', '30m', '1h', '1h30m', '-1', '0', '3600', '-1m', '1.5h'], bad: ['30 minutes', '1d', 'forever', 'm30'] },
    'deepseek.baseUrl': { good: ['https://api.deepseek.com/beta', 'http://127.0.0.1:8787'], bad: ['api.deepseek.com', 'ftp://x', 'https://'] },
    'deepseek.chatBaseUrl': { good: ['https://api.deepseek.com'], bad: ['api.deepseek.com'] },
    'openaiCompatible.baseUrl': { good: ['http://127.0.0.1:8000/v1', 'https://vllm.team.internal/v1'], bad: ['127.0.0.1:8000/v1', ''] },
    'llamaCpp.baseUrl': { good: ['http://127.0.0.1:8080'], bad: ['localhost:8080'] },
  };
  for (const [key, { good, bad }] of Object.entries(cases)) {
    it(`deepseekFim.${key}: its pattern takes its default and real values, refuses typos, and explains itself`, () => {
      const setting = settings[`deepseekFim.${key}`];
      assert.ok(setting.pattern && setting.patternErrorMessage, 'no pattern or no error message');
      assert.ok(accepts(key, String(setting.default)), `refuses its own default ${JSON.stringify(setting.default)}`);
      assert.deepEqual(good.filter((value) => !accepts(key, value)), [], 'refused');
      assert.deepEqual(bad.filter((value) => accepts(key, value)), [], 'accepted');
    });
  }
});
