import { systemClock } from '../../../src/contracts';
import { RedisPoolRegistry, type RedisPoolRegistryOptions } from '../../../src/concurrency/redis';
import type { RegistrySubject } from './pool-registry-contract';
import { TestRedisServer } from './redis-server';

/**
 * Redis registries for the contract tests: one redis-server per suite (started in `beforeAll`,
 * stopped in `afterAll`), a fresh key prefix per test so tests never see each other's pools.
 */
export class RedisRegistrySubject implements RegistrySubject {
  server: TestRedisServer | undefined;
  private readonly open: RedisPoolRegistry[] = [];
  private prefixNumber = 0;
  private prefix = 'test-0';

  constructor(private readonly defaults: Partial<RedisPoolRegistryOptions> = {}) {}

  async startServer(): Promise<void> {
    this.server = await TestRedisServer.start();
  }

  async stopServer(): Promise<void> {
    await this.server?.stop();
  }

  /** A new registry with a fresh prefix (a new, empty set of pools). */
  async create(options: { maxQueuedPerPool?: number } = {}): Promise<RedisPoolRegistry> {
    this.freshPrefix();
    return this.join(options);
  }

  /** Starts a new, empty set of pools for the registries joined from now on. */
  freshPrefix(): void {
    this.prefix = `test-${++this.prefixNumber}`;
  }

  /** Another process's view of the same pools: a second registry on the current prefix. */
  async join(options: Partial<RedisPoolRegistryOptions> = {}): Promise<RedisPoolRegistry> {
    const registry = await RedisPoolRegistry.connect({ url: this.server!.url, clock: systemClock, keyPrefix: this.prefix, ...this.defaults, ...options });
    this.open.push(registry);
    return registry;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.open.splice(0).map((registry) => registry.close()));
  }
}
