// Where code and keys may be sent. Plain http is allowed only to this machine (loopback):
// anything else would put source code and API keys on the wire in clear text.
import { BackendError } from '../engine/errors';

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
    throw new BackendError('config', `"${rawUrl}" is not a valid URL: fix the setting ${settingName}.`);
  }
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

/** OLLAMA_HOST may be "host", "host:port" or a full URL, as the Ollama CLI accepts. */
export function resolveOllamaHost(setting: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = setting.trim() || (env.OLLAMA_HOST ?? '').trim();
  if (!raw) return 'http://127.0.0.1:11434';
  if (/^https?:\/\//i.test(raw)) return raw.replace(/\/+$/, '');
  const withPort = /:\d+$/.test(raw) ? raw : `${raw}:11434`;
  const hostPart = withPort.startsWith('0.0.0.0') ? withPort.replace('0.0.0.0', '127.0.0.1') : withPort;
  return `http://${hostPart}`;
}
