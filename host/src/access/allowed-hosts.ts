/** Names a loopback-bound host is reached by; anything else in `Host` is DNS rebinding or a proxy. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** The host name of a `Host` header, lower case, without port or IPv6 brackets. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    return end < 0 ? undefined : text.slice(1, end);
  }
  const colon = text.indexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}

export function isLoopbackAddress(address: string): boolean {
  const name = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127(\.[0-9]{1,3}){3}$/.test(name);
}

/** The allow-list: loopback names plus what the operator named (`--allowed-hosts`). */
export function allowList(extra: readonly string[]): ReadonlySet<string> {
  return new Set([...LOOPBACK_NAMES, ...extra.map((name) => hostNameOf(name) ?? name.toLowerCase())]);
}
