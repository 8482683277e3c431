// What the rest of the extension plugs into the controller: the spend meter's tooltip facts,
// its record of reported usage, and its watch over requests billed but never reported.
import type { CompletionBackend, TokenUsage } from '../engine/types';

export interface ControllerHooks {
  /** Extra tooltip facts (today's DeepSeek spend) from the spend meter, when it exists. */
  spendSummary?: () => { spend: string; cacheHitShare?: number; band?: string } | undefined;
  /** Token usage reported by the hosted API, for the spend meter. */
  onUsage?: (usage: TokenUsage) => void;
  /** The hosted backend as the engine uses it, watched for requests billed but never reported. */
  meterBackend?: (backend: CompletionBackend) => CompletionBackend;
}
