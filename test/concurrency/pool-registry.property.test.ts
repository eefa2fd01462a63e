import { InProcessPoolRegistry } from '../../src/concurrency';
import { poolRegistryProperty } from './support/pool-registry-property';
import { RedisRegistrySubject } from './support/redis-registry-subject';
import { describeWithRedis } from './support/redis-server';

describe('InProcessPoolRegistry under random operations', () => {
  poolRegistryProperty(
    { create: async () => new InProcessPoolRegistry() },
    {
      numRuns: 60,
      inFlightNow: (registry, poolId) => {
        const counts = registry.permitCounts(poolId)!;
        return counts.granted - counts.returned;
      },
    },
  );
});

describeWithRedis('RedisPoolRegistry under random operations', () => {
  const subject = new RedisRegistrySubject();
  beforeAll(() => subject.startServer());
  afterAll(() => subject.stopServer());
  poolRegistryProperty(subject, { numRuns: 30 });
});
