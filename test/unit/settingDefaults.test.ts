import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/completionEngine';
import { BACKEND_SETTING_DEFAULTS, ENGINE_SETTING_KEYS } from '../../src/vscode/settingDefaults';
import { manifestSettings } from '../support/manifest';

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
