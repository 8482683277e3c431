// package.json as the tests read it: its settings are spread over titled sections
// (`contributes.configuration` is an array), so one helper flattens them for every test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../bench/benchStats';

export interface ManifestSetting {
  readonly type?: string | string[];
  readonly default?: unknown;
  readonly scope?: string;
  readonly enum?: unknown[];
  readonly enumDescriptions?: string[];
  readonly pattern?: string;
  readonly patternErrorMessage?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly order?: number;
  readonly description?: string;
  readonly markdownDescription?: string;
}

export interface ManifestSection {
  readonly id?: string;
  readonly title?: string;
  readonly order?: number;
  readonly properties?: Record<string, ManifestSetting>;
}

export function readManifest(): Record<string, unknown> & { contributes: { configuration: ManifestSection | ManifestSection[] } } {
  return JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as Record<string, unknown> & { contributes: { configuration: ManifestSection | ManifestSection[] } };
}

export function manifestSections(): ManifestSection[] {
  const configuration = readManifest().contributes.configuration;
  return Array.isArray(configuration) ? configuration : [configuration];
}

/** Every deepseekFim setting the manifest declares, whatever its section. */
export function manifestSettings(): Record<string, ManifestSetting> {
  return Object.assign({}, ...manifestSections().map((section) => section.properties ?? {})) as Record<string, ManifestSetting>;
}
