import { createHash } from 'node:crypto';

/** The part of a node-redis client the scripts need (a structural type: no client generics here). */
export interface ScriptClient {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * One Lua script, run with EVALSHA (the body is not sent each time). Redis forgets scripts on a
 * restart, `SCRIPT FLUSH` or a fail-over to a replica that never saw them: the `NOSCRIPT` answer
 * is handled by sending the body once with EVAL, which also caches it again.
 *
 * The EVALSHA is issued synchronously by `run` (before its first await), so commands issued one
 * after the other on the same client reach Redis in that order (a release before the next acquire).
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly body: string,
  ) {
    this.sha = createHash('sha1').update(body).digest('hex');
  }

  run(client: ScriptClient, keys: string[], args: string[]): Promise<unknown> {
    const options = { keys, arguments: args };
    return client.evalSha(this.sha, options).catch((error: unknown) => {
      const message = (error as { message?: unknown } | undefined)?.message; // duck-typed: errors may cross realms
      if (typeof message === 'string' && message.startsWith('NOSCRIPT')) return client.eval(this.body, options);
      throw error;
    });
  }
}
