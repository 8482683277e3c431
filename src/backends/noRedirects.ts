// No request of ours follows a redirect. A 307/308 from the configured server would make the
// client send the same body (the code) again to whatever origin the Location names, possibly
// over plain http to a remote host: past the endpoint policy that vetted the configured URL.
// So every fetch of both backends (completion, chat, model lists, pulls, balance) asks for
// redirects to be handed back ("manual"), and a redirect becomes an error naming the server.
import { BackendError } from '../engine/errors';
import { shownText } from '../engine/untrustedText';

/** The status codes that carry a Location to follow. */
function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** Where a request goes, for messages: origin and path, never credentials or a query. */
function describeUrl(input: string | URL | Request): string {
  try {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'the server';
  }
}

/**
 * A fetch that refuses redirects: a 3xx answer (or an opaque redirect) throws a 'config'
 * BackendError that names the server, the redirect's target and the setting to change.
 */
export function withoutRedirects(baseFetch: typeof fetch, serverName: string, setting: string): typeof fetch {
  return async (input, init) => {
    const response = await baseFetch(input, { ...init, redirect: 'manual' });
    if (response.type !== 'opaqueredirect' && !isRedirect(response.status)) return response;
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    const target = location ? ` to ${shownText(location, 200)}` : '';
    const status = response.status || undefined;
    throw new BackendError(
      'config',
      `${serverName} at ${describeUrl(input)} answered with a redirect${status ? ` (${status})` : ''}${target}. Redirects are not followed, so your code is not sent on to another address: set ${setting} to the address that answers.`,
      status,
      `redirect refused: ${status ?? 'opaque'} from ${describeUrl(input)}${location ? ` to ${shownText(location, 200)}` : ''}`,
    );
  };
}
