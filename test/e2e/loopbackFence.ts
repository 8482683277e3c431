// The suites talk to nothing but this machine: every URL the harness opens or writes into a
// setting must be loopback. (Chromium is fenced as well, by --host-resolver-rules.)

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname;
  return LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function assertLoopbackUrl(url: string, what = 'URL'): void {
  if (!isLoopbackUrl(url)) throw new Error(`refusing non-loopback ${what}: ${url}`);
}

/** Any string value anywhere in settings that looks like a URL must be loopback. */
export function assertLoopbackSettings(settings: unknown, path = 'settings'): void {
  if (typeof settings === 'string') {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(settings)) assertLoopbackUrl(settings, `URL in ${path}`);
    return;
  }
  if (settings && typeof settings === 'object') {
    for (const [key, value] of Object.entries(settings)) assertLoopbackSettings(value, `${path}.${key}`);
  }
}
