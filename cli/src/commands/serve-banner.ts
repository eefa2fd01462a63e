import path from 'node:path';
import { redactRedisUrl } from 'cartrover-connector/contracts';

export interface ServeBannerFacts {
  readonly url: string;
  readonly loginUrl: string;
  readonly dataDir: string;
  /** What the host had to say on this start (a master key it generated), already sentences. */
  readonly notices: readonly string[];
  readonly sandbox?: { readonly url: string; readonly apiUser: string; readonly apiKey: string };
  readonly cartroverUrl?: string;
  readonly redisUrl?: string;
  readonly logLevel: string;
}

/**
 * What `serve` prints when it is up, as sentences a person reads once (issue 24: not labels, not
 * a JSON log line): where the host is, how to log in, what the first start made, where CartRover
 * is, how pools are shared, how to stop. One sentence group a line, so scripts can still grep.
 */
export function serveBanner(facts: ServeBannerFacts): string[] {
  const lines = [
    `The integration host is running at ${facts.url}. Its data is in ${facts.dataDir}.`,
    // The URL carries a one-time code (a browser's history keeps it, so it must not be a lasting
    // secret); the page trades it for a session cookie. The long-lived token stays in its file.
    `To log in, open ${facts.loginUrl} in a browser. That address works once, within 10 minutes; after that, open ${facts.url}/?token=<token>.`,
    ...facts.notices,
    `Programs call the REST API with the header "Authorization: Bearer <token>". The token is in ${path.join(facts.dataDir, 'host.token')} unless HOST_TOKEN is set; rotate-token replaces it.`,
  ];
  if (facts.sandbox) {
    lines.push(`The bundled CartRover sandbox at ${facts.sandbox.url} stands in for CartRover. Its demo merchant's API user is ${facts.sandbox.apiUser} and its API key is ${facts.sandbox.apiKey}.`);
  } else {
    lines.push(`The host talks to CartRover at ${facts.cartroverUrl ?? 'https://api.cartrover.com (the plugin\'s default)'}.`);
  }
  lines.push(
    facts.redisUrl
      ? `Concurrency pools are shared through Redis at ${redactRedisUrl(facts.redisUrl)}.`
      : 'Concurrency pools are kept in this process. To share them between hosts, set --redis-url or REDIS_URL.',
  );
  lines.push(`Logs go to stderr at level ${facts.logLevel}; set LOG_LEVEL=info for more. Press Ctrl+C to stop.`);
  return lines;
}
