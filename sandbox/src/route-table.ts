/**
 * Route definitions and matching. A route key is `METHOD /path/{param}`, e.g.
 * 'GET /v1/merchant/orders/{cust_ref}': counters and fault specs use these keys.
 */
import type { ApiAnswer } from './api-answer';
import type { SandboxUser } from './public-types';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  user: SandboxUser;
  now: number;
}

export interface RouteDefinition {
  method: 'GET' | 'POST';
  /** Template with `{param}` segments. */
  path: string;
  /** API levels whose keys may call this route; others are refused like bad credentials. */
  levels: readonly SandboxUser['level'][];
  /** Every route but create-order is under the leaky bucket. */
  rateLimited: boolean;
  handle(context: RouteContext): ApiAnswer;
  /** Runs when the request arrives, before auth or faults (create-order counts attempts). */
  onArrival?(body: unknown): void;
}

export interface RouteMatch {
  route: RouteDefinition;
  key: string;
  params: Record<string, string>;
}

export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

interface CompiledRoute {
  route: RouteDefinition;
  key: string;
  segments: string[];
}

export class RouteTable {
  private readonly compiled: CompiledRoute[];

  /** Earlier routes win, so list literal paths before parameterised siblings. */
  constructor(routes: readonly RouteDefinition[]) {
    this.compiled = routes.map((route) => ({ route, key: routeKey(route), segments: route.path.split('/').filter(Boolean) }));
  }

  keys(): Set<string> {
    return new Set(this.compiled.map((c) => c.key));
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const parts = pathname.split('/').filter(Boolean);
    for (const candidate of this.compiled) {
      if (candidate.route.method !== method || candidate.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const matches = candidate.segments.every((segment, index) => {
        if (segment.startsWith('{') && segment.endsWith('}')) {
          params[segment.slice(1, -1)] = safeDecode(parts[index]);
          return true;
        }
        return segment === parts[index];
      });
      if (matches) return { route: candidate.route, key: candidate.key, params };
    }
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
