// DeepSeek models by their current names. A user setting that still holds a retired name keeps
// working (DeepSeek serves and bills it as the successor) and is offered a one-click change to
// the successor, once per setting; the balance lookup tells the spend meter the account's currency.
import * as vscode from 'vscode';
import { getDeepSeekBalance } from '../backends/deepseek/account';
import { RETIRED_MODELS } from '../engine/pricing/priceTable';
import type { Logger } from '../engine/types';
import { readSettings } from './config';
import { t } from './localize';

/** The model settings that name a DeepSeek model (under deepseekFim.). */
const MODEL_SETTINGS = ['deepseek.model', 'refactor.deepseekModel'] as const;
const OFFERED_KEY = 'deepseekFim.retiredModelOffered';

/**
 * For each model setting whose user value is a retired name, offers the successor once (the
 * answer, or dismissing it, is remembered). Returns the settings offered now.
 */
export async function offerSuccessorModels(context: vscode.ExtensionContext, log: Logger): Promise<string[]> {
  const offered = [...context.globalState.get<string[]>(OFFERED_KEY, [])];
  const shown: string[] = [];
  for (const setting of MODEL_SETTINGS) {
    const value = readSettings().inspect<string>(setting)?.globalValue?.trim();
    const successor = value ? RETIRED_MODELS[value] : undefined;
    const memo = `${setting}=${value}`;
    if (!value || !successor || offered.includes(memo)) continue;
    shown.push(setting);
    offered.push(memo);
    await context.globalState.update(OFFERED_KEY, offered);
    log.info(`deepseekFim.${setting} is "${value}", a retired name DeepSeek serves and bills as "${successor}"`);
    const change = t('Use {0}', successor);
    const answer = await vscode.window.showInformationMessage(
      t('deepseekFim.{0} is "{1}": DeepSeek retired that model and now serves and bills these requests as {2}. Completions keep working either way.', setting, value, successor),
      change,
    );
    if (answer === change) {
      await readSettings().update(setting, successor, vscode.ConfigurationTarget.Global);
      log.info(`deepseekFim.${setting} changed to "${successor}"`);
    }
  }
  return shown;
}

/** "retired: billed as deepseek-flash" for a retired name in the model picker. */
export function retiredNote(model: string): string | undefined {
  const successor = RETIRED_MODELS[model];
  return successor ? t('retired: served and billed as {0}', successor) : undefined;
}

/**
 * Asks /user/balance which currency the account pays in, at the root of the FIM URL (where the
 * key already goes); failures are logged, never shown.
 */
export async function learnAccountCurrency(baseUrl: string, apiKey: string | undefined, log: Logger, set: (currency: string | undefined) => Promise<void>): Promise<void> {
  if (!apiKey) return;
  try {
    const balance = await getDeepSeekBalance(baseUrl, apiKey, undefined, { settingName: 'deepseekFim.deepseek.baseUrl', log });
    await set(balance.balances[0]?.currency);
  } catch (error) {
    log.warn(`reading the DeepSeek balance for the account's currency failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
