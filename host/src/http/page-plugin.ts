import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface PagePluginOptions {
  /** The page's hook: the login URL and the login page (access-guard). */
  readonly access: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  readonly staticDir: string;
}

const MISSING_PAGE = (folder: string): string =>
  `<!doctype html><meta charset="utf-8"><title>Integration host</title><h1>The web page is not installed</h1><p>${folder.replace(/[<>&]/g, '')} is missing. The REST API under <code>/api</code> works without it.</p>`;

/**
 * The web page: `/` is index.html, the other files of `staticDir` its assets, served by
 * @fastify/static with one route per file found at start (no wildcard: a path that names no file
 * is not routed here, and `/api` is never special-cased). Dot files are not served.
 */
export async function pagePlugin(page: FastifyInstance, options: PagePluginOptions): Promise<void> {
  page.addHook('onRequest', options.access);
  const root = path.resolve(options.staticDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    page.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(MISSING_PAGE(root)));
    return;
  }
  await page.register(fastifyStatic, {
    root,
    wildcard: false,
    decorateReply: false,
    // The page changes with the host's version: revalidate on every load.
    cacheControl: false,
    setHeaders: (response) => response.setHeader('cache-control', 'no-cache'),
  });
}
