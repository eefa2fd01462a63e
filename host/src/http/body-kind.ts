/** What a route accepts as its body; routes without one accept none in particular. */
export type BodyKind = 'json' | 'ndjson';

declare module 'fastify' {
  interface FastifyContextConfig {
    bodyKind?: BodyKind;
  }
}

export const ACCEPTED_MEDIA_TYPES: Readonly<Record<BodyKind, readonly string[]>> = {
  json: ['application/json'],
  ndjson: ['application/x-ndjson', 'text/plain'],
};

/** `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
