// The team servers in the status-bar menu and the palette: "Use a team server..." and
// "Use llama.cpp..." list the server's models (GET /v1/models, /props on llama.cpp) and switch
// at once; "Set Server Token" keeps a --api-key token in SecretStorage.
import * as vscode from 'vscode';
import { listLlamaCppModels, listOpenAiCompatibleModels } from '../backends/teamServerModels';
import { chooseFimTemplate } from '../engine/fimTemplates';
import { updateUserSetting } from './config';
import type { Controller } from './controller';
import { t } from './localize';

export interface TeamMenuItem extends vscode.QuickPickItem {
  run: () => unknown;
}

/** The two entries the menu and the backend switch show for team servers. */
export function teamServerMenuItems(controller: Controller): TeamMenuItem[] {
  const s = controller.backendSettings;
  return [
    {
      label: `$(server-environment) ${t('Use a Team Server...')}`,
      description: s.backend === 'openaiCompatible' ? t('current: {0}', s.openaiCompatibleModel) : 'vLLM, SGLang, TGI, LM Studio',
      run: () => pickOpenAiCompatibleModel(controller),
    },
    {
      label: `$(server-process) ${t('Use llama.cpp...')}`,
      description: s.backend === 'llamaCpp' ? t('current: {0}', s.llamaCppModel || t('loaded model')) : 'llama-server /infill',
      run: () => pickLlamaCppModel(controller),
    },
  ];
}

export function registerTeamServerCommands(controller: Controller): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('deepseekFim.setServerToken', async () => {
      if (await controller.keys.serverToken.promptAndStore()) {
        controller.notifier.forget('unauthorized');
        vscode.window.setStatusBarMessage(t('DeepSeek FIM: server token saved.'), 3000);
      }
    }),
    vscode.commands.registerCommand('deepseekFim.clearServerToken', async () => {
      await controller.keys.serverToken.clear();
      vscode.window.setStatusBarMessage(t('DeepSeek FIM: server token removed.'), 3000);
    }),
  ];
}

async function pickOpenAiCompatibleModel(controller: Controller): Promise<void> {
  const s = controller.backendSettings;
  const token = controller.keys.serverToken.current;
  const models = await listed(controller, 'the team server', () =>
    listOpenAiCompatibleModels(s.openaiCompatibleBaseUrl, { token, allowRemoteHttp: s.openaiCompatibleAllowRemoteHttp, serverName: s.openaiCompatibleServerName }),
  );
  const items = (models.ids.length ? models.ids : [s.openaiCompatibleModel]).map((id) => {
    const template = chooseFimTemplate(id, s.openaiCompatibleFimTemplate);
    const fits = s.openaiCompatiblePromptMode === 'suffix' || template !== undefined;
    return { label: id, description: [id === s.openaiCompatibleModel ? t('current') : '', template ? template.family : fits ? '' : t('no known FIM template')].filter(Boolean).join(' · ') || undefined };
  });
  const picked = await vscode.window.showQuickPick(items, { title: t('DeepSeek FIM: models at {0}', s.openaiCompatibleBaseUrl), placeHolder: models.problem ?? t('Pick a model') });
  if (!picked) return;
  await updateUserSetting('openaiCompatible.model', picked.label);
  await updateUserSetting('backend', 'openaiCompatible');
}

async function pickLlamaCppModel(controller: Controller): Promise<void> {
  const s = controller.backendSettings;
  const token = controller.keys.serverToken.current;
  const models = await listed(controller, 'llama.cpp', () => listLlamaCppModels(s.llamaCppBaseUrl, { token, allowRemoteHttp: s.llamaCppAllowRemoteHttp }));
  const loadedModel = t('loaded model');
  const ids = models.ids.length ? models.ids : [s.llamaCppModel || loadedModel];
  const picked = await vscode.window.showQuickPick(
    ids.map((id) => ({ label: id, description: id === s.llamaCppModel ? t('current') : t('the model llama-server loaded') })),
    { title: t('DeepSeek FIM: llama.cpp at {0}', s.llamaCppBaseUrl), placeHolder: models.problem ?? t('Pick the model') },
  );
  if (!picked) return;
  await updateUserSetting('llamaCpp.model', picked.label === loadedModel ? '' : picked.label);
  await updateUserSetting('backend', 'llamaCpp');
}

/** The listed ids, or none and the reason to show in the pick (also logged). */
async function listed(controller: Controller, what: string, list: () => Promise<string[]>): Promise<{ ids: string[]; problem?: string }> {
  try {
    return { ids: await list() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    controller.log.warn(`listing the models of ${what} failed: ${message}`);
    return { ids: [], problem: t('Could not list models: {0}', message) };
  }
}
