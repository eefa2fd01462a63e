import type { createClient } from 'redis';
import type { Clock } from '../../contracts';
import type { ScriptClient } from './lua-script';
import { loadNodeRedis } from './node-redis-module';
import { redactRedisUrl } from '../../contracts';
import { describeRedisFailure, isClusterInfo } from './redis-failure';
import { fullJitterBackoff } from '../../cartrover/backoff';
import { settlesWithin } from './settles-within';

type NodeRedisClient = ReturnType<typeof createClient>;

export interface RedisConnectionOptions {
  readonly url: string;
  /** When the connection was lost (outage durations). */
  readonly clock: Clock;
  /** Called for every pub/sub message of the subscribed channels. */
  readonly onMessage: (channel: string, message: string) => void;
  /** Called when the command connection is ready again after a loss. */
  readonly onReconnected: () => void;
  readonly onConnectionError?: (error: Error) => void;
  readonly connectTimeoutMs?: number;
}

/**
 * The two connections a process needs: one for commands (scripts, reads) and one subscriber (a
 * subscribed RESP2 connection can run nothing else). Both reconnect by themselves after a loss;
 * the offline queue is off, so while Redis is away a command fails at once instead of waiting
 * (a request then fails clearly, it never runs unlimited). The first connection is not retried:
 * Redis unreachable at start-up is an error for the caller.
 */
/** Reconnects wait at least this long: a lost Redis is not hammered. */
const RECONNECT_FLOOR_MS = 25;
/** How long a close waits for the replies of commands already sent before it drops the connections. */
export const CLOSE_GRACE_MS = 3000;

export class RedisConnection {
  private readonly commands: NodeRedisClient;
  private readonly subscriber: NodeRedisClient;
  private everReady = false;
  private closed = false;
  /** When the command connection was lost (undefined while up). */
  private lostAt: number | undefined;

  constructor(private readonly options: RedisConnectionOptions) {
    const reconnectStrategy = (retries: number, cause: Error): number | Error => {
      // A new Error, not `cause`: node-redis tests `instanceof Error`, and a socket error may come
      // from another realm (jest's sandbox), where that test fails and the client would spin.
      if (!this.everReady || this.closed) return new Error(cause.message);
      // The client's one backoff formula (full jitter), from 25 ms (never a spin) to 1 s.
      return RECONNECT_FLOOR_MS + fullJitterBackoff(retries + 1, 50, 1000 - RECONNECT_FLOOR_MS);
    };
    const { createClient } = loadNodeRedis();
    this.commands = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy, connectTimeout: options.connectTimeoutMs ?? 5000 },
    });
    this.subscriber = this.commands.duplicate();
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', (error: Error) => {
        if (this.everReady && !this.closed) this.options.onConnectionError?.(error);
      });
    }
    this.commands.on('end', () => this.markLost());
    this.commands.on('reconnecting', () => this.markLost());
    this.commands.on('ready', () => {
      const wasLost = this.lostAt !== undefined;
      this.lostAt = undefined;
      if (wasLost && this.everReady && !this.closed) this.options.onReconnected();
    });
    // Messages published while the subscriber was away are lost: the owner checks what it missed.
    this.subscriber.on('ready', () => {
      if (this.everReady && !this.closed) this.options.onReconnected();
    });
  }

  /**
   * Connects both clients with a deadline and a handshake (`PING`: a port that accepts connections
   * but speaks no Redis, or only TLS, fails here with a sentence instead of hanging), refuses a
   * Redis Cluster, and subscribes. (The eviction policy is the owner's check: `eviction-policy-check.ts`.)
   */
  async open(channels: readonly string[], keyPrefix: string): Promise<void> {
    const where = redactRedisUrl(this.options.url);
    const deadlineMs = this.options.connectTimeoutMs ?? 5000;
    let failure: Error | undefined;
    // node-redis reports a reply it cannot parse as an 'error' event, not as the command's rejection.
    const noteError = (error: Error) => (failure ??= error);
    this.commands.on('error', noteError);
    try {
      const handshake = (async () => {
        await this.commands.connect();
        await this.commands.ping();
        await this.subscriber.connect();
      })();
      if (!(await settlesWithin(handshake, deadlineMs, this.options.clock))) {
        throw failure ?? new Error(`did not answer the Redis handshake (PING) within ${deadlineMs} ms`);
      }
      await handshake;
      if (isClusterInfo(await this.commands.sendCommand(['INFO', 'cluster']).catch(() => undefined))) throw new Error('cluster_enabled:1');
    } catch (error) {
      this.destroy(); // not a graceful close: a server that does not speak Redis never answers QUIT
      // A reply error (NOAUTH, WRONGPASS, ...) says it all; otherwise what broke the connection does.
      const replyError = /^[A-Z]{3,} /.test((error as Error).message ?? '');
      throw new Error(describeRedisFailure(failure && !replyError ? failure : error, where, keyPrefix), { cause: error });
    } finally {
      this.commands.off('error', noteError);
    }
    await this.subscriber.subscribe([...channels], (message: string, channel: string) => this.options.onMessage(channel, message));
    this.everReady = true;
  }

  get client(): ScriptClient {
    return this.commands as unknown as ScriptClient;
  }

  get ready(): boolean {
    return this.commands.isReady && !this.closed;
  }

  /** Milliseconds the command connection has been down (0 while up). */
  downForMs(now: number): number {
    return this.lostAt === undefined ? 0 : now - this.lostAt;
  }

  async get(key: string): Promise<string | null> {
    return (await this.commands.get(key)) as string | null;
  }

  /** One MGET (the keys must share a hash slot). */
  async getMany(keys: string[]): Promise<(string | null)[]> {
    return (await this.commands.mGet(keys)) as (string | null)[];
  }

  /** The Redis client id of the command connection ('' when the user may not ask). */
  async clientId(): Promise<string> {
    try {
      return String(await this.commands.sendCommand(['CLIENT', 'ID']));
    } catch {
      return '';
    }
  }

  /** Which of these client ids Redis lists as connected; undefined when `CLIENT LIST` is refused (ACL). */
  async listedClientIds(ids: readonly string[]): Promise<Set<string> | undefined> {
    let listing: unknown;
    try {
      listing = await this.commands.sendCommand(['CLIENT', 'LIST', 'ID', ...ids]);
    } catch (error) {
      const message = (error as { message?: unknown } | undefined)?.message;
      if (typeof message === 'string' && /NOPERM|unknown command|syntax error|ERR/i.test(message)) return undefined;
      throw error;
    }
    return new Set([...String(listing).matchAll(/^id=(\d+)/gm)].map((match) => match[1]));
  }

  async setIfAbsent(key: string, value: string): Promise<void> {
    await this.commands.set(key, value, { condition: 'NX' });
  }

  /** Drops both connections at once, without waiting for any reply. */
  destroy(): void {
    this.closed = true;
    for (const client of [this.subscriber, this.commands]) if (client.isOpen) client.destroy();
  }

  /**
   * Closes both clients; commands already sent get their replies first (graceful while connected),
   * for at most `graceMs`: node-redis's graceful close waits for every reply, and a connection lost
   * or stalled meanwhile never brings them, so a shutdown would hang. Then both are dropped.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.closed = true;
    const graceful = Promise.all(
      [this.subscriber, this.commands].map(async (client) => {
        if (!client.isOpen) return;
        try {
          if (client.isReady) await client.close();
          else client.destroy();
        } catch {
          if (client.isOpen) client.destroy();
        }
      }),
    ).then(() => true);
    if (await settlesWithin(graceful, graceMs, this.options.clock)) return;
    this.options.onConnectionError?.(new Error(`Redis did not answer within ${graceMs} ms while closing: the connections were dropped`));
    this.destroy();
  }

  private markLost(): void {
    if (this.lostAt === undefined && this.everReady) this.lostAt = this.options.clock.now();
  }

  /**
   * `maxmemory-policy`; undefined when this user may not read it (ACL without CONFIG, or CONFIG
   * disabled or renamed, as on managed Redis). Any other failure (Redis away) is thrown.
   */
  async maxmemoryPolicy(): Promise<string | undefined> {
    let reply: unknown;
    try {
      reply = await this.commands.sendCommand(['CONFIG', 'GET', 'maxmemory-policy']);
    } catch (error) {
      const message = (error as { message?: unknown } | undefined)?.message; // duck-typed: errors may cross realms
      if (typeof message === 'string' && /^(NOPERM|ERR unknown command|ERR unknown subcommand)/.test(message)) return undefined;
      throw error;
    }
    if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
    return undefined;
  }
}
