import { poolRegistryContract } from './support/pool-registry-contract';
import { RedisRegistrySubject } from './support/redis-registry-subject';
import { describeWithRedis } from './support/redis-server';

describeWithRedis('RedisPoolRegistry (contract)', () => {
  const subject = new RedisRegistrySubject();
  beforeAll(() => subject.startServer());
  afterAll(() => subject.stopServer());
  poolRegistryContract(subject);
});
