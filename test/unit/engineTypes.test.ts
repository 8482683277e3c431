// The engine's default settings are what a user gets without touching a setting: each must be the
// default the manifest declares (and Settings shows), or the editor and the engine disagree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/engineTypes';
import { ENGINE_SETTING_KEYS } from '../../src/vscode/settingDefaults';
import { manifestSettings } from '../support/manifest';

describe('engine defaults', () => {
  const settings = manifestSettings();

  for (const [field, key] of Object.entries(ENGINE_SETTING_KEYS) as [keyof EngineSettings, string][]) {
    it(`deepseekFim.${key} is declared with the engine's default for ${field}`, () => {
      const declared = settings[`deepseekFim.${key}`];
      assert.ok(declared, `deepseekFim.${key} is not in package.json`);
      assert.deepEqual(declared.default, DEFAULT_ENGINE_SETTINGS[field]);
    });
  }
});
