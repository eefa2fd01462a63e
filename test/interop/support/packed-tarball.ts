import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { packStagedCopy } from '../../support/staged-pack';

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}
export interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly files: readonly PackedFile[];
}

/** `npm pack` of (a copy of) the repository root into `work` (its prepack builds, as a publish would): the tarball's path and npm's report. */
export async function packPlugin(work: string): Promise<{ tarball: string; packed: PackResult }> {
  const packed = (await packStagedCopy<PackResult>(work))[0]!;
  return { tarball: path.join(work, packed.filename), packed };
}

/** Whether the npm registry answers (the interop tests install from it). */
export function registryReachable(): boolean {
  try {
    execFileSync('npm', ['view', 'inversify', 'version'], { timeout: 30_000, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe`, or `describe.skip` with a loud message when the registry cannot be reached (except
 * under CI=true, where the suite runs and fails).
 */
export function describeWithRegistry(what: string): jest.Describe {
  const reachable = registryReachable();
  if (!reachable && process.env.CI !== 'true') {
    console.warn(`SKIPPED: ${what} needs the npm registry (npm view inversify failed); CI=true makes this a failure.`);
  }
  return reachable || process.env.CI === 'true' ? describe : describe.skip;
}
