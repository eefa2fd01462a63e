import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../errors/not-found-error';

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const MISSING_PAGE = (folder: string): string =>
  `<!doctype html><meta charset="utf-8"><title>Integration host</title><h1>The web page is not installed</h1><p>${folder.replace(/[<>&]/g, '')} is missing. The REST API under <code>/api</code> works without it.</p>`;

/** The file under `root` that `relative` names, or undefined when it would leave `root`. */
function resolveInside(root: string, relative: string): string | undefined {
  const segments = relative.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.') || segment.includes('\\') || segment.includes('\0'))) return undefined;
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : undefined;
}

async function sendFile(reply: FastifyReply, file: string): Promise<FastifyReply> {
  const type = MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return reply.type(type).header('cache-control', 'no-cache').send(await readFile(file));
}

/** Serves the web page from `staticDir`: `/` is index.html, other paths are its assets. */
export function registerStaticRoutes(app: FastifyInstance, staticDir: string): void {
  const root = path.resolve(staticDir);

  app.get('/', async (_request, reply) => {
    const index = path.join(root, 'index.html');
    if (!existsSync(index)) return reply.type('text/html; charset=utf-8').send(MISSING_PAGE(root));
    return sendFile(reply, index);
  });

  app.get<{ Params: { '*': string } }>('/*', async (request, reply) => {
    const relative = request.params['*'];
    if (relative === 'api' || relative.startsWith('api/')) throw new NotFoundError('Route', `${request.method} ${request.url}`);
    const file = resolveInside(root, relative);
    if (!file || !existsSync(file) || !statSync(file).isFile()) throw new NotFoundError('File', `/${relative}`);
    return sendFile(reply, file);
  });
}
