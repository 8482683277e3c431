import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/completionEngine';
import { BACKEND_SETTING_DEFAULTS, ENGINE_SETTING_KEYS } from '../../src/vscode/settingDefaults';
import { repoRoot } from '../bench/benchStats';

interface ManifestSetting {
  readonly default?: unknown;
}

function manifestSettings(): Record<string, ManifestSetting> {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { configuration: { properties?: Record<string, ManifestSetting> } | { properties?: Record<string, ManifestSetting> }[] } };
  const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
  return Object.assign({}, ...sections.map((section) => section.properties ?? {})) as Record<string, ManifestSetting>;
}

describe('setting defaults: one value in the manifest, the engine and the reader', () => {
  const settings = manifestSettings();

  for (const [field, key] of Object.entries(ENGINE_SETTING_KEYS) as [keyof EngineSettings, string][]) {
    it(`deepseekFim.${key} is declared with the engine's default for ${field}`, () => {
      const declared = settings[`deepseekFim.${key}`];
      assert.ok(declared, `deepseekFim.${key} is not in package.json`);
      assert.deepEqual(declared.default, DEFAULT_ENGINE_SETTINGS[field]);
    });
  }

  for (const [key, value] of Object.entries(BACKEND_SETTING_DEFAULTS)) {
    it(`deepseekFim.${key} is declared with the reader's default`, () => {
      assert.deepEqual(settings[`deepseekFim.${key}`]?.default, value);
    });
  }

  it('every engine field has a setting', () => {
    assert.deepEqual(Object.keys(ENGINE_SETTING_KEYS).sort(), Object.keys(DEFAULT_ENGINE_SETTINGS).sort());
  });
});
