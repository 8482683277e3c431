// The window-wide deepseekFim settings, read when they change rather than on every keystroke.
// They are read again on a configuration change and when the workspace is trusted: trust
// changes what config.ts reads (a restricted setting's workspace value counts only then).
// Exclusion globs are not here: they depend on each document's folder (sendPolicy.ts).
import {
  allowHostedInUntrusted,
  readBackendSettings,
  readEnableMap,
  readEngineSettings,
  readTriggerMode,
  type BackendSettings,
  type TriggerMode,
} from './config';
import type { EngineSettings } from '../engine/completionEngine';

export interface SettingsSnapshot {
  readonly backend: BackendSettings;
  readonly engine: EngineSettings;
  readonly triggerMode: TriggerMode;
  readonly enableMap: Readonly<Record<string, boolean>>;
  readonly allowHostedInUntrusted: boolean;
}

export function readSettingsSnapshot(): SettingsSnapshot {
  return {
    backend: readBackendSettings(),
    engine: readEngineSettings(),
    triggerMode: readTriggerMode(),
    enableMap: readEnableMap(),
    allowHostedInUntrusted: allowHostedInUntrusted(),
  };
}

export class LiveSettings {
  private snapshot: SettingsSnapshot = readSettingsSnapshot();

  get current(): SettingsSnapshot {
    return this.snapshot;
  }

  /** Reads the settings again; true when the backend's settings changed. */
  reload(): boolean {
    const before = this.snapshot.backend;
    this.snapshot = readSettingsSnapshot();
    return !sameBackendSettings(before, this.snapshot.backend);
  }
}

function sameBackendSettings(a: BackendSettings, b: BackendSettings): boolean {
  return (Object.keys(a) as (keyof BackendSettings)[]).every((key) => a[key] === b[key]);
}
