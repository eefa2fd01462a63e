import { DEMO_USERS } from '@cartrover/sandbox';
import type { SandboxUser } from '@cartrover/sandbox';

/** The sandbox's demo merchant: printing its key is the point of the demo (it opens nothing real). */
export function demoMerchant(): SandboxUser {
  return DEMO_USERS.find((user) => user.level === 'merchant') ?? DEMO_USERS[0]!;
}
