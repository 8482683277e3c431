// A backend as the hosted API is: the same answers, but every request billed per token, so the
// engine never sends the speculative requests it keeps for local backends.
import type { CompletionBackend } from '../../src/engine/types';

export function billedPerToken(backend: CompletionBackend): CompletionBackend {
  return {
    label: backend.label,
    get model() {
      return backend.model;
    },
    billedPerToken: true,
    complete: (request, signal) => backend.complete(request, signal),
  };
}
