// Warming a local server's KV cache while the person is not typing.
//
// A server that keeps the last prompt in its KV cache answers a keystroke in milliseconds once
// it holds the prompt's start, but the first request after that start changed (a file opened,
// the cursor moved far, other files' block chosen afresh) makes it read the whole prompt: seconds
// on a laptop, paid on a keystroke. So when the editor is idle and the prompt for the cursor is
// mostly new to the server, it is sent once with a one-token answer nobody reads: the server
// processes it in the idle time instead. A request that matters cancels the warm-up at once
// (the server keeps the part it processed), so a warm-up never delays a completion.
//
// Only for servers that keep such a cache and cost nothing per request (never the hosted API).
import type { RepoContext } from './context/repoContext';
import type { CompletionInput, EngineSettings } from './engineTypes';
import { promptFor } from './promptForPlace';
import { wireRequest, type RequestBookkeeping } from './requestBookkeeping';
import type { ServerSpeed } from './serverSpeed';
import type { CompletionBackend, CompletionRequest, Logger } from './types';

/** A prompt the server already holds all but this many characters of is not worth a request. */
export const MIN_UNCACHED_CHARS = 600;

export interface CacheWarmerDependencies {
  readonly backend: () => CompletionBackend | undefined;
  readonly settings: () => EngineSettings;
  readonly repoContext: RepoContext;
  readonly serverSpeed: ServerSpeed;
  readonly requests: RequestBookkeeping;
  readonly log: Logger;
}

export class CacheWarmer {
  /** Warm-ups sent, for the log and the tests. */
  sent = 0;
  private running: AbortController | undefined;

  constructor(private readonly deps: CacheWarmerDependencies) {}

  /** Sends the cursor's prompt to warm the server's cache, when that is worth it now; true when sent. */
  warm(input: CompletionInput): boolean {
    const { serverSpeed, requests, log } = this.deps;
    const backend = this.deps.backend();
    if (!backend?.servesFromKvCache || backend.billedPerToken || backend.leavesMachine) return false;
    // The slot is someone's: a warm-up would wait behind it, or delay what comes next.
    if (!requests.idle || this.running) {
      log.trace('prompt cache not warmed: a request is running');
      return false;
    }
    const settings = this.deps.settings();
    const { window, repo, binary } = promptFor(input, settings, this.deps.repoContext, true);
    if (binary) return false;
    const wire = wireRequest(backend, window, false, settings, repo);
    const uncached = serverSpeed.uncachedChars(wire);
    if (uncached < MIN_UNCACHED_CHARS) {
      log.trace(`prompt cache not warmed: only ${uncached} chars of the prompt are new to the server`);
      return false;
    }
    serverSpeed.noteSent(wire);
    const controller = new AbortController();
    this.running = controller;
    this.sent++;
    log.debug(`warming ${backend.label}'s prompt cache: ${uncached} chars of the prompt at ${input.position.line + 1}:${input.position.character + 1} are new to it`);
    void this.send(backend, { ...wire, maxTokens: 1 }, controller);
    return true;
  }

  /** A request that matters goes out: the warm-up gives way (the server keeps what it processed). */
  cancel(): void {
    if (!this.running) return;
    this.running.abort();
    this.running = undefined;
    this.deps.serverSpeed.forgetSent();
  }

  private async send(backend: CompletionBackend, request: CompletionRequest, controller: AbortController): Promise<void> {
    try {
      for await (const event of backend.complete(request, controller.signal)) {
        if (event.type === 'done' && event.timings) this.deps.serverSpeed.record(event.timings);
      }
    } catch (error) {
      // Never a failure the person sees: the next completion request says what is wrong.
      if (!controller.signal.aborted) {
        this.deps.serverSpeed.forgetSent();
        this.deps.log.debug(`warming the prompt cache failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }
}
