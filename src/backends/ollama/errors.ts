// Turns whatever a request to Ollama failed with into one BackendError with one message a user
// can act on; the raw facts go to `detail`. An abort is not a failure: it throws abortError().
import { BackendError } from '../../engine/errors';
import { OLLAMA_HOST_SETTING as HOST_SETTING } from '../endpointPolicy';
import { MalformedStreamError, StreamEndedEarlyError, type OllamaTransport } from './transport';

/** The error every aborted call throws: callers test it with isAbortError(). */
export function abortError(): Error {
  const error = new Error('The Ollama request was aborted.');
  error.name = 'AbortError';
  return error;
}

export interface OllamaErrorContext {
  readonly host: string;
  readonly model?: string;
  readonly operation: 'generate' | 'list' | 'version' | 'pull';
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED/i;

export function mapOllamaError(error: unknown, transport: OllamaTransport, context: OllamaErrorContext): BackendError {
  if (error instanceof BackendError) return error;
  const { host } = context;
  const model = context.model ?? '';
  const raw = describeRaw(error);

  if (transport.inStreamError !== undefined) {
    return new BackendError('server', `Ollama failed while answering: ${transport.inStreamError}`, 200, raw);
  }
  if (error instanceof MalformedStreamError) {
    return new BackendError('malformed', `Ollama at ${host} sent an answer that could not be read.`, 200, `bad line: ${error.line.slice(0, 200)}`);
  }
  if (error instanceof StreamEndedEarlyError) {
    return new BackendError('server', `Ollama at ${host} ended the answer before it was complete.`, 200, raw);
  }

  const status = responseStatus(error);
  if (status !== undefined) {
    const text = error instanceof Error ? error.message : String(error);
    if (status === 404) {
      // Ollama's own 404s name the model; a bare "404 page not found" is some other server.
      if (/model/i.test(text) && context.operation !== 'list' && context.operation !== 'version') {
        return new BackendError('modelMissing', `Model ${model} is not installed on Ollama at ${host}. Run: ollama pull ${model}`, status, text);
      }
      return new BackendError('config', `The server at ${host} does not answer like Ollama (404: ${text}). Check ${HOST_SETTING}.`, status, text);
    }
    if (status === 401 || status === 403) {
      return new BackendError('config', `Ollama at ${host} refused access (${status}: ${text}). Check ${HOST_SETTING} or the proxy in front of Ollama.`, status, text);
    }
    if (status === 429) return new BackendError('rateLimited', `Ollama at ${host} asks to slow down (429): ${text}`, status, text);
    if (status === 503) return new BackendError('server', `Ollama at ${host} is busy (503): ${text}`, status, text);
    if (status >= 500) return new BackendError('server', `Ollama at ${host} failed (${status}): ${text}`, status, text);
    return new BackendError('badRequest', `Ollama rejected the request (${status}): ${text}`, status, text);
  }

  if (error instanceof SyntaxError) {
    return new BackendError('malformed', `Ollama at ${host} sent an answer that could not be read.`, undefined, raw);
  }
  if (!transport.responded) {
    const codes = errorCodes(error);
    const tls = codes.find((code) => TLS_CODES.test(code));
    if (tls) return new BackendError('unreachable', `Could not connect securely to Ollama at ${host} (${tls}). Check its certificate or ${HOST_SETTING}.`, undefined, raw);
    return new BackendError('unreachable', `Ollama is not reachable at ${host}. Start it with \`ollama serve\` or set ${HOST_SETTING}.`, undefined, raw);
  }
  return new BackendError('server', `Ollama at ${host} closed the connection in the middle of the answer.`, undefined, raw);
}

/** The `ollama` client's ResponseError (not exported by the package): `.status_code`. */
function responseStatus(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as { name?: unknown; status_code?: unknown };
  return candidate.name === 'ResponseError' && typeof candidate.status_code === 'number' ? candidate.status_code : undefined;
}

/** Error codes along the cause chain: fetch wraps ECONNREFUSED & co. in `cause` (and AggregateError). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const candidate = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof candidate.code === 'string' ? [candidate.code] : [];
  codes.push(...errorCodes(candidate.cause, depth + 1));
  if (Array.isArray(candidate.errors)) for (const inner of candidate.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

function describeRaw(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const codes = errorCodes(error);
  const cause = error.cause instanceof Error ? `; cause: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}${codes.length ? ` [${[...new Set(codes)].join(', ')}]` : ''}`;
}
