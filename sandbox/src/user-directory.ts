/** The API users the sandbox knows, with key checks and key rotation. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PresentedCredentials } from './credentials';
import type { SandboxUser } from './public-types';
import { validateUser } from './sandbox-options';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class UserDirectory {
  private readonly users = new Map<string, SandboxUser>();

  constructor(users: readonly SandboxUser[]) {
    for (const user of users) this.add(user);
  }

  add(user: SandboxUser): void {
    const checked = validateUser(user);
    if (this.users.has(checked.apiUser)) throw new Error(`CartRover sandbox: user ${checked.apiUser} already exists`);
    this.users.set(checked.apiUser, checked);
  }

  /** The user whose key matches, or undefined (unknown user and wrong key look the same). */
  authenticate(credentials: PresentedCredentials | undefined): SandboxUser | undefined {
    if (!credentials) return undefined;
    const user = this.users.get(credentials.apiUser);
    return user && sameSecret(user.apiKey, credentials.apiKey) ? user : undefined;
  }

  /** Cycling keys in CartRover invalidates the old key immediately (reference §2). */
  rotateKey(apiUser: string): string {
    const user = this.users.get(apiUser);
    if (!user) throw new Error(`CartRover sandbox: unknown user ${apiUser}`);
    const apiKey = `${apiUser}-${randomBytes(12).toString('hex')}`;
    this.users.set(apiUser, { ...user, apiKey });
    return apiKey;
  }

  list(): SandboxUser[] {
    return [...this.users.values()];
  }
}
