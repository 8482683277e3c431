// The shape and defaults of the team-server settings (no `vscode` import: the backend factory
// and its tests use them in plain Node). teamServerConfig.ts reads them from VS Code.
import type { PromptMode } from '../backends/openaiCompatible/openaiCompatibleBackend';

export interface TeamServerSettings {
  readonly openaiCompatibleBaseUrl: string;
  readonly openaiCompatibleAllowRemoteHttp: boolean;
  readonly openaiCompatibleModel: string;
  readonly openaiCompatiblePromptMode: PromptMode;
  /** 'auto' (by the model's name) or a template id of fimTemplates.ts. */
  readonly openaiCompatibleFimTemplate: string;
  /** How the status bar names the server ("vLLM"); empty: its host and port. */
  readonly openaiCompatibleServerName: string;
  readonly llamaCppBaseUrl: string;
  readonly llamaCppAllowRemoteHttp: boolean;
  /** What the status bar shows; empty: the server's loaded model. */
  readonly llamaCppModel: string;
}

export const TEAM_SERVER_DEFAULTS: TeamServerSettings = {
  openaiCompatibleBaseUrl: 'http://127.0.0.1:8000/v1',
  openaiCompatibleAllowRemoteHttp: false,
  openaiCompatibleModel: 'deepseek-ai/deepseek-coder-6.7b-base',
  openaiCompatiblePromptMode: 'rendered',
  openaiCompatibleFimTemplate: 'auto',
  openaiCompatibleServerName: '',
  llamaCppBaseUrl: 'http://127.0.0.1:8080',
  llamaCppAllowRemoteHttp: false,
  llamaCppModel: '',
};
