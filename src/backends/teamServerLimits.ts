// Limits shared by the team-server backends (OpenAI-compatible servers and llama.cpp): the
// settings may ask for anything, a self-hosted server should not be asked for more than this.

/** Time to the response headers; the engine applies its own first-token limit on top. */
export const TEAM_SERVER_TIMEOUT_MS = 60_000;

/** The most tokens one completion asks for, whatever the settings say. */
const MAX_TOKENS_CAP = 4096;
/** Asked for when the engine passes no usable number. */
const FALLBACK_MAX_TOKENS = 128;

/** The engine's maxTokens as a whole number from 1 to the cap. */
export function clampMaxTokens(requested: number): number {
  return Number.isFinite(requested) ? Math.max(1, Math.min(Math.floor(requested), MAX_TOKENS_CAP)) : FALLBACK_MAX_TOKENS;
}
