// Where code and keys may be sent. Plain http is allowed only to this machine (loopback):
// anything else would put source code and API keys on the wire in clear text.
import { BackendError } from '../engine/errors';

export const OLLAMA_HOST_SETTING = 'deepseekFim.ollama.host';

/** The Authorization header value for an Ollama server behind a proxy that asks for credentials. */
export const OLLAMA_AUTHORIZATION_ENV = 'DEEPSEEK_FIM_OLLAMA_AUTHORIZATION';

/** The URL text with any user name and password replaced by "***", for messages. */
export function withoutCredentials(rawUrl: string): string {
  return rawUrl.replace(/\/\/[^/@\s]*@/g, '//***@');
}

/** Why a URL with credentials is refused, and where credentials go instead. */
function credentialsRefused(url: URL, settingName: string): string {
  const instead = /ollama/i.test(settingName)
    ? `For an Ollama server behind a proxy that asks for them, set the environment variable ${OLLAMA_AUTHORIZATION_ENV} to the Authorization header's value (for example "Basic " and the base64 of user:password) and restart VS Code.`
    : 'The DeepSeek API key goes in with "DeepSeek FIM: Set API Key" (kept in VS Code\'s secret storage).';
  return `The URL in ${settingName} (${url.protocol}//***@${url.host}) holds a user name or password: credentials in a URL end up in logs and settings files, so it is refused. Remove them from the URL. ${instead}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Parses an endpoint URL and refuses plain http to a non-loopback host (unless allowed).
 * Throws BackendError('config') with a message naming the setting to fix.
 */
export function checkEndpoint(rawUrl: string, settingName: string, allowRemoteHttp = false): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new BackendError('config', `"${withoutCredentials(rawUrl)}" is not a valid URL: fix the setting ${settingName}.`);
  }
  if (url.username || url.password) throw new BackendError('config', credentialsRefused(url, settingName));
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname) || allowRemoteHttp) return url;
    throw new BackendError(
      'config',
      `Plain http to ${url.hostname} is refused: code would travel unencrypted. Use https or a loopback address in ${settingName}.`,
    );
  }
  throw new BackendError('config', `Unsupported protocol "${url.protocol}" in ${settingName}: use http(s).`);
}

/**
 * Where the Ollama URL came from, for messages that ask the user to fix it: a refusal of an
 * OLLAMA_HOST the user never put in a setting must not send them looking for one.
 */
export function ollamaHostSource(setting: string, env: NodeJS.ProcessEnv = process.env): string {
  if (setting.trim() || !(env.OLLAMA_HOST ?? '').trim()) return OLLAMA_HOST_SETTING;
  return `the OLLAMA_HOST environment variable (or set ${OLLAMA_HOST_SETTING}, which takes precedence)`;
}

/**
 * The Ollama URL from the setting, else OLLAMA_HOST, else the default. OLLAMA_HOST may be
 * "host", "host:port", ":port", "[::1]:port" or a full URL, as the Ollama CLI accepts; a bare
 * host gets port 11434, an explicit http(s) URL keeps its scheme's default port. The "listen
 * everywhere" addresses (0.0.0.0, ::) mean this machine when used as a client address.
 */
export function resolveOllamaHost(setting: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = setting.trim() || (env.OLLAMA_HOST ?? '').trim();
  if (!raw) return 'http://127.0.0.1:11434';
  const explicit = /^(https?):\/\/(.*)$/i.exec(raw);
  const scheme = explicit ? explicit[1].toLowerCase() : 'http';
  const rest = (explicit ? explicit[2] : raw).replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  let host: string;
  let port: string;
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    host = hostPort.slice(0, end + 1);
    port = hostPort.slice(end + 2);
  } else if ((hostPort.match(/:/g) ?? []).length > 1) {
    host = `[${hostPort}]`; // a bare IPv6 address
    port = '';
  } else {
    const colon = hostPort.lastIndexOf(':');
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    port = colon < 0 ? '' : hostPort.slice(colon + 1);
  }
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  if (host === '[::]') host = '[::1]';
  if (!port && !explicit) port = '11434';
  return `${scheme}://${host}${port ? `:${port}` : ''}${path}`;
}
