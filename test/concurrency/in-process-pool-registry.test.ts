import { InProcessPoolRegistry } from '../../src/concurrency';
import { poolRegistryContract } from './support/pool-registry-contract';

describe('InProcessPoolRegistry', () => {
  poolRegistryContract({ create: async (options) => new InProcessPoolRegistry(options) });
});
