// Entry point: builds the controller and registers the provider, commands and status bar.
import * as vscode from 'vscode';
import { ApiKeyStore } from './apiKey';
import { registerCommands } from './commands';
import { Controller } from './controller';
import { ACCEPTED_COMMAND, InlineProvider } from './inlineProvider';
import { maybeShowFirstRun } from './firstRun';
import { createLogger } from './logger';
import { registerNextEdit } from './nextEdit/registerNextEdit';
import { registerRefactor } from './refactor/registerRefactor';
import { learnAccountCurrency, offerSuccessorModels } from './retiredModels';
import { UsageTracker } from './usage';
import { registerWalkthroughCommands } from './walkthrough';

let controller: Controller | undefined;

/** Documents people edit as code; sendPolicy.ts decides the finer cases. */
const DOCUMENT_SELECTOR: vscode.DocumentSelector = ['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote', 'vscode-vfs'].map((scheme) => ({ scheme }));

export async function activate(context: vscode.ExtensionContext): Promise<{ controller: Controller }> {
  const channel = vscode.window.createOutputChannel('DeepSeek FIM', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  await keys.load();
  const log = createLogger(channel, () => keys.current, () => keys.serverToken.current);
  controller = new Controller(context, keys, log, channel);
  const usage = new UsageTracker(context, (message) => log.warn(`could not save usage: ${message}`));
  controller.hooks = {
    spendSummary: () => usage.summary(),
    onUsage: (u) => usage.record(u),
    // Only the hosted API bills requests it never reports.
    meterBackend: (backend) => (controller?.backendSettings.backend === 'deepseek' ? usage.meterBackend(backend) : backend),
  };
  const live = controller.liveSettings;
  const provider = new InlineProvider(controller.engine, controller, () => live.current.triggerMode);
  context.subscriptions.push(
    channel,
    controller,
    usage,
    vscode.languages.registerInlineCompletionItemProvider(DOCUMENT_SELECTOR, provider),
    vscode.commands.registerCommand(ACCEPTED_COMMAND, () => controller?.engine.noteAccepted()),
    ...registerCommands(controller, { showUsage: () => usage.show() }),
    ...registerRefactor(context, { controller, log }),
    ...registerNextEdit(context, { controller, log }),
    ...registerWalkthroughCommands(context),
  );
  const onDeepSeek = (learnCurrency: boolean) => {
    if (controller?.backendSettings.backend !== 'deepseek') return;
    // Before the first completion is billed: the meter bills in the account's currency.
    if (learnCurrency) void learnAccountCurrency(controller.backendSettings.deepseekBaseUrl, keys.current, log, (currency) => usage.setAccountCurrency(currency));
    void offerSuccessorModels(context, log).catch((e) => log.warn(`retired-model check failed: ${String(e)}`));
  };
  onDeepSeek(true);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      const account = event.affectsConfiguration('deepseekFim.backend') || event.affectsConfiguration('deepseekFim.deepseek.baseUrl');
      if (account || event.affectsConfiguration('deepseekFim.deepseek.model') || event.affectsConfiguration('deepseekFim.refactor.deepseekModel')) onDeepSeek(account);
    }),
    keys.onDidChange(() => onDeepSeek(true)),
  );
  setTimeout(() => void maybeShowFirstRun(context, controller!).catch((e) => log.warn(`first-run check failed: ${String(e)}`)), 3000);
  log.info(`DeepSeek FIM ${context.extension.packageJSON.version as string} active`);
  return { controller };
}

export function deactivate(): void {
  controller = undefined;
}
