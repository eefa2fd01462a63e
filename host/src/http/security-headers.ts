import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The headers every answer carries (OWASP secure headers): the page loads only its own scripts,
 * styles and data (no inline code, so an injected string cannot run), cannot be framed
 * (clickjacking), is not MIME-sniffed and sends no Referer (a URL may carry a login code).
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // The page's icon is an empty data: URL.
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([key, value]) => [key, [...value]])) },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // The host speaks plain HTTP on loopback by default; HSTS would be wrong there.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};
