// The prompt sized for the local server's measured prompt speed.
//
// A local server reads a prompt it has not cached at its prompt speed: 2,000 tokens/s on a good
// GPU, 300-500 on a laptop. The default budgets (a 6,000-character window and 12,000 characters
// of other files, about 5,000 tokens) cost 2.5 s cold on the first and 10-15 s on the second,
// paid when a file is opened or the other files' block changes: on a laptop that is a minute of
// typing with no completions per file opened. So once the server's speed is known, the window
// and the other files' block are capped to what it reads cold in COLD_READ_SECONDS, the window
// first. Measured with `npm run bench` part 8 (2.5 ms/token, knowledge-gated packages): keystrokes
// saved 76.4% at the default budgets, about 85% at 4,000 + 4,000 characters; a fast server
// keeps the full budgets.
//
// A budget that moved with every measurement would change the prompt, and so empty the cache
// it is meant to protect: it changes only when the speed moves by more than a quarter.
import type { EngineSettings } from './engineTypes';

/** What a cold prompt may cost the server, in seconds. */
export const COLD_READ_SECONDS = 5.5;
/** Characters per token in code, for turning tokens into characters. */
const CHARS_PER_TOKEN = 3.5;
/** Never smaller than this each: the lines around the cursor matter most. */
const MIN_WINDOW_CHARS = 2000;
/**
 * Until the server has said how fast it is, assume a laptop: a first prompt sized for a fast GPU
 * would cost a laptop a quarter of a minute, one sized for a laptop costs a fast GPU a second.
 */
export const ASSUMED_TOKENS_PER_SECOND = 500;
/** The speed must move by more than this share before the budget follows. */
const HYSTERESIS = 0.25;

export interface SizedBudgets {
  readonly maxChars: number;
  readonly otherFilesMaxChars: number;
}

export class PromptBudget {
  private speed: number | undefined;
  private last: { readonly settings: EngineSettings; readonly speed: number | undefined; readonly fitted: EngineSettings } | undefined;

  /** The budgets for a server reading `tokensPerSecond` (undefined: not measured yet, a laptop assumed). */
  fit(settings: EngineSettings, tokensPerSecond: number | undefined): EngineSettings {
    if (tokensPerSecond !== undefined && (this.speed === undefined || Math.abs(tokensPerSecond - this.speed) > HYSTERESIS * this.speed)) this.speed = tokensPerSecond;
    // Asked at every keystroke: the same settings at the same speed give the same object back.
    const last = this.last;
    if (last && last.settings === settings && last.speed === this.speed) return last.fitted;
    const sized = sizeFor(settings, this.speed ?? ASSUMED_TOKENS_PER_SECOND);
    const fitted = sized.maxChars === settings.maxChars && sized.otherFilesMaxChars === settings.otherFilesMaxChars ? settings : { ...settings, ...sized };
    this.last = { settings, speed: this.speed, fitted };
    return fitted;
  }

  /** The measured speed the budgets follow now (undefined while a laptop is assumed). */
  get tokensPerSecond(): number | undefined {
    return this.speed;
  }

  clear(): void {
    this.speed = undefined;
    this.last = undefined;
  }
}

/** The window and other-files budgets a server at this speed reads cold in COLD_READ_SECONDS. */
export function sizeFor(settings: Pick<EngineSettings, 'maxChars' | 'otherFilesMaxChars'>, tokensPerSecond: number): SizedBudgets {
  const total = Math.round((tokensPerSecond * COLD_READ_SECONDS * CHARS_PER_TOKEN) / 500) * 500;
  const maxChars = Math.min(settings.maxChars, Math.max(MIN_WINDOW_CHARS, Math.round(total / 2)));
  const otherFilesMaxChars = Math.min(settings.otherFilesMaxChars, Math.max(0, total - maxChars));
  return { maxChars, otherFilesMaxChars };
}
