// The commands of the palette and the status-bar menu.
import * as vscode from 'vscode';
import { DEEPSEEK_CODER_BASE_MODELS, listOllamaModels, pullOllamaModel } from '../backends/ollama/admin';
import { listDeepSeekModels } from '../backends/deepseek/account';
import { resolveOllamaHost } from '../backends/endpointPolicy';
import { BackendError } from '../engine/errors';
import { shownText } from '../engine/untrustedText';
import { retiredNote } from './retiredModels';
import { readEnableMap, readTriggerMode, updateUserSetting } from './config';
import type { Controller } from './controller';
import { t } from './localize';
import { withLanguageToggled } from './model/sendRules';
import { NOTIFICATION_MAX_CHARS } from './notifier';
import { registerTeamServerCommands, teamServerMenuItems } from './teamServerCommands';

interface MenuItem extends vscode.QuickPickItem {
  run?: () => unknown;
}

export function registerCommands(controller: Controller, extras: { showUsage: () => unknown }): vscode.Disposable[] {
  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    register('deepseekFim.showMenu', () => showMenu(controller)),
    register('deepseekFim.statusBarClicked', () => {
      const state = controller.statusBar.current;
      if (state.kind === 'error' && (state.cause === 'noKey' || state.cause === 'unauthorized')) {
        const teamServer = controller.backendSettings.backend === 'openaiCompatible' || controller.backendSettings.backend === 'llamaCpp';
        return vscode.commands.executeCommand(teamServer ? 'deepseekFim.setServerToken' : 'deepseekFim.setApiKey');
      }
      return showMenu(controller);
    }),
    register('deepseekFim.switchBackend', () => switchBackend(controller)),
    register('deepseekFim.setApiKey', async () => {
      if (await controller.keys.promptAndStore()) {
        controller.notifier.forget('unauthorized');
        vscode.window.setStatusBarMessage(t('DeepSeek FIM: API key saved.'), 3000);
      }
    }),
    register('deepseekFim.clearApiKey', async () => {
      await controller.keys.clear();
      vscode.window.setStatusBarMessage(t('DeepSeek FIM: API key removed.'), 3000);
    }),
    register('deepseekFim.snooze', async (minutes?: unknown) => {
      const value = typeof minutes === 'number' ? minutes : await pickSnoozeMinutes();
      if (value) await controller.snooze(value);
    }),
    register('deepseekFim.resume', async () => {
      controller.notifier.forget('noBalance');
      await controller.resume();
    }),
    register('deepseekFim.toggleLanguage', async (languageId?: unknown) => {
      const language = typeof languageId === 'string' ? languageId : vscode.window.activeTextEditor?.document.languageId;
      if (!language) return;
      await updateUserSetting('enable', withLanguageToggled(readEnableMap(), language));
      controller.refreshStatus();
    }),
    register('deepseekFim.pullModel', async (model?: unknown) => {
      // The name may come from a setting a cloned repository chose: the person sees it, and
      // confirms or edits it, before anything is downloaded.
      const name = await vscode.window.showInputBox({
        title: t('DeepSeek FIM: Pull Ollama Model'),
        value: typeof model === 'string' ? model : controller.backendSettings.ollamaModel,
        prompt: t('Model to pull, e.g. deepseek-coder:6.7b-base (Enter to pull, Escape to cancel)'),
      });
      if (name) await pullWithProgress(controller, name);
    }),
    register('deepseekFim.toggleTriggerMode', async () => {
      const next = readTriggerMode() === 'manual' ? 'automatic' : 'manual';
      await updateUserSetting('triggerMode', next);
      vscode.window.setStatusBarMessage(
        next === 'manual' ? t('DeepSeek FIM: completions only when you press Alt+\\ (Option+\\ on macOS).') : t('DeepSeek FIM: completions as you type.'),
        4000,
      );
    }),
    register('deepseekFim.showLog', () => controller.channel.show()),
    register('deepseekFim.showUsage', () => extras.showUsage()),
    ...registerTeamServerCommands(controller),
  ];
}

async function pickSnoozeMinutes(): Promise<number | undefined> {
  const picked = await vscode.window.showQuickPick(
    [5, 15, 60].map((m) => ({ label: t('{0} minutes', m), minutes: m })),
    { title: t('DeepSeek FIM: Snooze Completions') },
  );
  return picked?.minutes;
}

async function showMenu(controller: Controller): Promise<void> {
  const settings = controller.backendSettings;
  const language = vscode.window.activeTextEditor?.document.languageId;
  const languageEnabled = language ? controller.sendPolicy.languageEnabled(language) : true;
  const snoozed = controller.snoozedUntil();
  const items: MenuItem[] = [
    {
      label: `$(server) ${t('Use Ollama...')}`,
      description: settings.backend === 'ollama' ? t('current: {0}', settings.ollamaModel) : t('local models'),
      run: () => pickOllamaModel(controller),
    },
    {
      label: `$(cloud) ${t('Use the DeepSeek API...')}`,
      description: settings.backend === 'deepseek' ? t('current: {0}', settings.deepseekModel) : t('hosted, billed per token'),
      run: () => pickDeepSeekModel(controller),
    },
    ...teamServerMenuItems(controller),
    { label: `$(circle-slash) ${t('Turn Off')}`, run: () => updateUserSetting('backend', 'off') },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    snoozed
      ? { label: `$(bell) ${t('Resume Completions')}`, run: () => controller.resume() }
      : { label: `$(bell-slash) ${t('Snooze...')}`, description: t('5, 15 or 60 minutes'), run: () => vscode.commands.executeCommand('deepseekFim.snooze') },
  ];
  if (language) {
    items.push({
      label: languageEnabled ? `$(eye-closed) ${t('Disable for {0}', language)}` : `$(eye) ${t('Enable for {0}', language)}`,
      run: () => vscode.commands.executeCommand('deepseekFim.toggleLanguage', language),
    });
  }
  items.push(
    readTriggerMode() === 'manual'
      ? { label: `$(zap) ${t('Complete As I Type')}`, description: t('now: only on Alt+\\'), run: () => vscode.commands.executeCommand('deepseekFim.toggleTriggerMode') }
      : { label: `$(keyboard) ${t('Complete Only on Alt+\\')}`, description: t('manual trigger'), run: () => vscode.commands.executeCommand('deepseekFim.toggleTriggerMode') },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(key) ${t('Set API Key')}`, run: () => vscode.commands.executeCommand('deepseekFim.setApiKey') },
    { label: `$(output) ${t('Show Log')}`, run: () => controller.channel.show() },
    { label: `$(graph) ${t('Show Usage')}`, run: () => vscode.commands.executeCommand('deepseekFim.showUsage') },
    { label: `$(book) ${t('Open Walkthrough')}`, description: t('get started again'), run: () => vscode.commands.executeCommand('deepseekFim.openWalkthrough') },
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'DeepSeek FIM' });
  await picked?.run?.();
}

async function switchBackend(controller: Controller): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Ollama', run: () => pickOllamaModel(controller) },
      { label: 'DeepSeek API', run: () => pickDeepSeekModel(controller) },
      ...teamServerMenuItems(controller),
      { label: t('Off'), run: () => updateUserSetting('backend', 'off') },
    ],
    { title: t('DeepSeek FIM: Switch Backend') },
  );
  await picked?.run();
}

async function pickOllamaModel(controller: Controller): Promise<void> {
  const host = resolveOllamaHost(controller.backendSettings.ollamaHost);
  let installed: string[] = [];
  try {
    installed = (await listOllamaModels(host, { allowRemoteHttp: controller.backendSettings.ollamaAllowRemoteHttp })).map((m) => m.name);
  } catch (error) {
    controller.log.warn(`listing Ollama models failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const items: (vscode.QuickPickItem & { model: string; pulled: boolean })[] = [
    ...installed.map((name) => ({ label: name, description: name.includes('base') ? t('installed') : t('installed (not a base model: FIM may not work)'), model: name, pulled: true })),
    ...DEEPSEEK_CODER_BASE_MODELS.filter((name) => !installed.includes(name)).map((name) => ({ label: name, description: t('not pulled yet: pick to pull it'), model: name, pulled: false })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: t('DeepSeek FIM: Ollama models at {0}', host),
    placeHolder: installed.length ? t('Pick a model') : t('Ollama did not answer: pick a model to pull'),
  });
  if (!picked) return;
  if (!picked.pulled && !(await pullWithProgress(controller, picked.model))) return;
  await updateUserSetting('ollama.model', picked.model);
  await updateUserSetting('backend', 'ollama');
}

async function pickDeepSeekModel(controller: Controller): Promise<void> {
  let key = controller.keys.current;
  if (!key) {
    if (!(await controller.keys.promptAndStore())) return;
    key = controller.keys.current;
  }
  let models: string[] = [];
  try {
    models = await listDeepSeekModels(controller.backendSettings.deepseekChatBaseUrl, key, undefined, { settingName: 'deepseekFim.deepseek.chatBaseUrl' });
  } catch (error) {
    controller.log.warn(`listing DeepSeek models failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (models.length === 0) models = [controller.backendSettings.deepseekModel];
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m, description: [m === controller.backendSettings.deepseekModel ? t('current') : undefined, retiredNote(m)].filter(Boolean).join(' · ') || undefined })),
    { title: t('DeepSeek FIM: DeepSeek model for FIM completion') },
  );
  if (!picked) return;
  await updateUserSetting('deepseek.model', picked.label);
  await updateUserSetting('backend', 'deepseek');
}

/** Pulls a model with a cancellable progress notification. True when it finished. */
export async function pullWithProgress(controller: Controller, model: string): Promise<boolean> {
  const host = resolveOllamaHost(controller.backendSettings.ollamaHost);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Pulling {0}', model), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        await pullOllamaModel(
          host,
          model,
          (p) => {
            const percent = p.percent ?? (p.total ? Math.floor(((p.completed ?? 0) / p.total) * 100) : undefined);
            const increment = percent !== undefined && percent > reported ? percent - reported : 0;
            if (percent !== undefined) reported = Math.max(reported, percent);
            const bytes = p.total ? ` ${formatBytes(p.completed ?? 0)} / ${formatBytes(p.total)}` : '';
            progress.report({ message: `${shownText(p.status, 80)}${percent !== undefined ? ` ${percent}%` : ''}${bytes}`, increment });
          },
          abort.signal,
          { allowRemoteHttp: controller.backendSettings.ollamaAllowRemoteHttp },
        );
        controller.log.info(`pulled ${model}`);
        controller.engine.reset();
        controller.notifier.forget(`model:${model}`);
        vscode.window.setStatusBarMessage(t('DeepSeek FIM: {0} is ready.', model), 5000);
        return true;
      } catch (error) {
        if (abort.signal.aborted) {
          controller.log.info(`pull of ${model} cancelled`);
          return false;
        }
        const message = error instanceof BackendError || error instanceof Error ? error.message : String(error);
        controller.log.error(`pull of ${model} failed: ${message}`);
        void vscode.window.showErrorMessage(shownText(t('DeepSeek FIM: pulling {0} failed: {1}', model, message), NOTIFICATION_MAX_CHARS));
        return false;
      } finally {
        sub.dispose();
      }
    },
  );
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  // Under 1 kB in bytes: rounded to kB, a 151-byte layer read "74% 0 kB / 0 kB".
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
