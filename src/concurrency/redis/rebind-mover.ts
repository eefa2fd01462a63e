import { reentrantError } from '../acquire-checks';
import { holdsPermitOf } from '../held-permits';
import { PoolError } from '../pool-error';
import type { PermitGrants } from './permit-grants';
import { LUA } from './pool-commands';
import { queuedWaiters, type RedisPoolProcess } from './redis-pool-process';
import type { RedisWaiter } from './redis-waiter';

type OnGranted = 'release' | 'keep';

/**
 * Re-binding while busy: when this process learns that a connection's binding changed (its own
 * `bind`, a reload, or an enqueue that raced one), it moves its queued waiters of that connection
 * to the new pool in their order, all at once: one script per old pool takes them out of its line
 * atomically (from then on the old pool grants none of them; a waiter granted just before keeps
 * that permit), one script queues them in the new pool. Unbound, they fail.
 */
export class RebindMover {
  /** Per connection, the chain of moves (each connection's waiters move in their order). */
  private readonly moves = new Map<string, Promise<void>>();

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly grants: PermitGrants,
  ) {}

  /** Moves (or fails) this process's queued waiters of a connection after its binding changed. */
  follow(connectionId: string): Promise<void> {
    const previous = this.moves.get(connectionId) ?? Promise.resolve();
    const next = previous.then(() => this.moveWaitersOf(connectionId));
    this.moves.set(connectionId, next);
    void next.finally(() => {
      if (this.moves.get(connectionId) === next) this.moves.delete(connectionId);
    });
    return next;
  }

  /** Follows every connection with a queued waiter in a pool it is no longer bound to (after a reload). */
  followChangedBindings(): void {
    const moved = new Set<string>();
    for (const waiter of queuedWaiters(this.process)) {
      if (this.process.view.poolOf(waiter.connectionId) !== waiter.poolId) moved.add(waiter.connectionId);
    }
    for (const connectionId of moved) void this.follow(connectionId);
  }

  private async moveWaitersOf(connectionId: string): Promise<void> {
    const target = this.process.view.poolOf(connectionId);
    const mine = queuedWaiters(this.process)
      .filter((waiter) => waiter.connectionId === connectionId && waiter.poolId !== target)
      .sort((a, b) => b.priority - a.priority || (a.member! < b.member! ? -1 : 1));
    if (mine.length === 0) return;
    // Unbound, or the caller holds a permit of the new pool (waiting there would deadlock): these fail.
    const failures = new Map<RedisWaiter, PoolError>();
    for (const waiter of mine) {
      if (!target) {
        failures.set(waiter, new PoolError('unbound', waiter.poolId, `Connection ${connectionId} was unbound from concurrency pool ${waiter.poolId} while waiting`));
      } else if (holdsPermitOf(waiter.held, target)) failures.set(waiter, reentrantError(connectionId, target));
      else waiter.phase = 'moving';
    }
    // All at once (one script per old pool): from then on the old pool grants none of them, however
    // long the line; one by one, it kept granting the not-yet-moved ones long after the re-bind.
    const withdrawn = this.withdrawAll(mine.map((waiter) => ({ waiter, onGranted: failures.has(waiter) ? 'release' : 'keep' })));
    for (const [waiter, error] of failures) this.grants.fail(waiter, error); // after the withdraw was sent
    const results = await withdrawn;
    const moving: RedisWaiter[] = [];
    for (const waiter of mine) {
      if (failures.has(waiter)) continue;
      const from = waiter.poolId;
      const result = results.get(waiter);
      if (result?.startsWith('granted')) {
        if (waiter.outcome === 'failed') this.grants.returnUnused(waiter, from);
        else this.grants.grant(waiter, from, Number.POSITIVE_INFINITY, Number(result.split(' ')[1])); // granted before the move: a permit of the old pool
        continue;
      }
      if (waiter.settled) {
        waiter.flushFailure(); // gave up while moving; it is out of the old line now
        continue;
      }
      if (result === 'unknown') {
        this.grants.fail(waiter, this.grants.unavailable(from));
        continue;
      }
      moving.push(waiter);
    }
    if (target && moving.length > 0) await this.enqueueAll(moving, target);
  }

  /**
   * Takes waiters out of their pools' lines: one atomic script per pool (one hash slot each), sent
   * before this returns its promise. Answers per waiter as `PermitGrants.withdraw` does.
   */
  private async withdrawAll(entries: readonly { waiter: RedisWaiter; onGranted: OnGranted }[]): Promise<Map<RedisWaiter, string>> {
    const byPool = new Map<string, { waiter: RedisWaiter; onGranted: OnGranted }[]>();
    for (const entry of entries) {
      const group = byPool.get(entry.waiter.poolId);
      if (group) group.push(entry);
      else byPool.set(entry.waiter.poolId, [entry]);
    }
    const results = new Map<RedisWaiter, string>();
    await Promise.all(
      [...byPool].map(async ([poolId, group]) => {
        try {
          const args = group.flatMap(({ waiter, onGranted }) => [waiter.member ?? '', onGranted]);
          const reply = (await this.process.commands.pool(LUA.withdrawMany, poolId, args, 0)) as string[];
          group.forEach(({ waiter }, index) => results.set(waiter, String(reply[index])));
        } catch (error) {
          // Redis away: the places in line (and permits granted to them) expire with the TTL, unrenewed.
          this.process.logger?.warn('Could not withdraw waiters from a Redis concurrency pool', { poolId, error: (error as Error).message });
          for (const { waiter } of group) results.set(waiter, 'unknown');
        }
      }),
    );
    return results;
  }

  /**
   * Queues moved waiters of one connection in the new pool's line, in their order, with one script
   * (no queue bound: a re-bind must not lose waiters). The first ones may be granted at once.
   */
  private async enqueueAll(moving: readonly RedisWaiter[], poolId: string): Promise<void> {
    for (const waiter of moving) {
      waiter.phase = 'enqueuing';
      waiter.poolId = poolId;
      waiter.member = undefined;
    }
    let reply: string[];
    try {
      reply = (await this.process.commands.pool(LUA.enqueueMany, poolId, moving.flatMap((waiter) => [waiter.id, String(-waiter.priority)]))) as string[];
    } catch (error) {
      for (const waiter of moving) this.grants.fail(waiter, this.grants.unavailable(poolId, error));
      return;
    }
    const gaveUp: RedisWaiter[] = [];
    let reboundAgain = false;
    moving.forEach((waiter, index) => {
      const answer = String(reply[index]);
      if (answer.startsWith('granted ')) {
        if (waiter.outcome === 'failed') this.grants.returnUnused(waiter, poolId);
        else this.grants.grant(waiter, poolId, Number.POSITIVE_INFINITY, Number(answer.split(' ')[1]));
        return;
      }
      waiter.member = answer;
      waiter.phase = 'queued';
      if (waiter.outcome === 'failed') gaveUp.push(waiter);
      else if (this.process.view.poolOf(waiter.connectionId) !== poolId) reboundAgain = true;
    });
    if (gaveUp.length > 0) {
      // Gave up while being queued: out of the new line again (a permit granted meanwhile goes back).
      void this.withdrawAll(gaveUp.map((waiter) => ({ waiter, onGranted: 'release' })));
      for (const waiter of gaveUp) waiter.flushFailure();
    }
    if (reboundAgain) void this.follow(moving[0].connectionId);
  }
}
