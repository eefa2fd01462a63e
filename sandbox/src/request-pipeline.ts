/**
 * One request, start to end:
 * arrive (process id, route, in-flight count by the user the credentials name) -> read the body
 * -> latency -> an injected fault, or: auth and level -> leaky bucket -> handler -> an
 * after-handling fault, or the answer.
 * Faults sit in front of auth because they stand for the network and CartRover's front end.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH_FAILURE_MESSAGE, ApiError, errorBody } from './api-answer';
import type { ApiAnswer } from './api-answer';
import type { BucketRegistry } from './leaky-bucket';
import { ANONYMOUS } from './counter-book';
import type { CounterBook } from './counter-book';
import { readCredentials } from './credentials';
import type { DelayRegistry } from './delay-registry';
import type { ActiveFault, FaultPlan } from './fault-plan';
import { rateLimitAnswer, sendAnswer, sendHtmlBadGateway, sendServerError } from './http-replies';
import { sampleLatency } from './latency';
import type { LiveSettings } from './live-settings';
import type { SandboxClock, SandboxUser } from './public-types';
import type { RouteMatch, RouteTable } from './route-table';
import type { UserDirectory } from './user-directory';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface PipelineDeps {
  routes: RouteTable;
  users: UserDirectory;
  buckets: BucketRegistry;
  faults: FaultPlan;
  counters: CounterBook;
  delays: DelayRegistry;
  settings: LiveSettings;
  log: ((line: string) => void) | undefined;
  clock: SandboxClock;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; message: string };

async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, message: 'The request body is too large' };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'The request body is not valid JSON' };
  }
}

export class RequestPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { routes, users, counters, delays, settings } = this.deps;
    const startedAt = this.deps.clock.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const match = routes.match(method, url.pathname);
    const routeKey = match?.key ?? `${method} (unknown route)`;
    res.setHeader('X-CartRover-Process-ID', randomUUID());
    counters.recordRequest(routeKey);

    const user = users.authenticate(readCredentials(req.headers, url.searchParams));
    const inFlightAs = user?.apiUser ?? ANONYMOUS;
    // 'close' fires once whether the response finished or the socket died first.
    res.once('close', counters.enter(inFlightAs));
    if (this.deps.log) {
      const log = this.deps.log;
      res.once('close', () => {
        const outcome = res.writableFinished ? String(res.statusCode) : 'closed without answer';
        // Path only: the query may carry api_key.
        log(`${method} ${url.pathname} -> ${outcome} user=${inFlightAs} ${this.deps.clock.now() - startedAt}ms`);
      });
    }

    try {
      const body = await readBody(req);
      if (body.ok) match?.route.onArrival?.(body.value);
      await delays.wait(sampleLatency(settings.latency), res);
      if (res.destroyed) return;

      const before = this.deps.faults.take(routeKey, 'before');
      if (before) return await this.applyFault(before, req, res);
      const answer = this.answer(match, user, url.searchParams, body);
      const after = this.deps.faults.take(routeKey, 'after');
      if (after) return await this.applyFault(after, req, res);
      sendAnswer(res, answer);
    } catch (error) {
      // A sandbox bug (or an aborted body read): answer 500 rather than leave the client hanging.
      this.deps.log?.(`sandbox error on ${method} ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
      sendServerError(res, 500);
    }
  }

  private answer(match: RouteMatch | undefined, user: SandboxUser | undefined, query: URLSearchParams, body: ParsedBody): ApiAnswer {
    const { styles } = this.deps.settings;
    if (!match) return { status: 404, body: errorBody('Invalid', 'Unknown API endpoint') };
    // A key of another level is refused exactly like a wrong key: CartRover keys are per level.
    if (!user || !match.route.levels.includes(user.level)) {
      return { status: styles.authFailureStyle === 'status401' ? 401 : 200, body: errorBody('Invalid', AUTH_FAILURE_MESSAGE) };
    }
    const headers: Record<string, string> = {};
    if (match.route.rateLimited) {
      const verdict = this.deps.buckets.take(user.apiUser, this.deps.clock.now());
      if (!verdict.allowed) {
        this.deps.counters.recordRateLimited();
        return rateLimitAnswer(styles.rateLimitStyle, verdict.retryAfterSeconds);
      }
      headers['X-CartRover-Api-Minute-Hits-Remaining'] = String(verdict.remaining);
    }
    try {
      if (!body.ok) throw new ApiError('Invalid', body.message);
      const answer = match.route.handle({ params: match.params, query, body: body.value, user, now: this.deps.clock.now() });
      return { ...answer, headers: { ...headers, ...answer.headers } };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const status = error.notFound && styles.notFoundStyle === 'status404' ? 404 : 200;
      return { status, body: errorBody(error.errorCode, error.message), headers };
    }
  }

  private async applyFault(fault: ActiveFault, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (fault.kind) {
      case 'http500':
        return sendServerError(res, 500);
      case 'http503':
        return sendServerError(res, 503);
      case 'html502':
        return sendHtmlBadGateway(res);
      case 'rate_limit': {
        this.deps.counters.recordRateLimited();
        const retryAfter = Math.max(1, Math.ceil(this.deps.settings.bucket.refillMs / 1000));
        return sendAnswer(res, rateLimitAnswer(this.deps.settings.styles.rateLimitStyle, retryAfter));
      }
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'timeout':
        // Held open (and in flight) until hangMs passes, the client gives up, or close().
        await this.deps.delays.wait(fault.hangMs, res);
        req.socket.destroy();
        return;
    }
  }
}
