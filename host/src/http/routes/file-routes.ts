import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { HostError } from '../../errors/host-error';
import { ConflictError } from '../../errors/conflict-error';
import { NotFoundError } from '../../errors/not-found-error';
import { FILE_APP_ID } from '../../files/file-app';
import type { ApiServices } from '../api-services';
import { ACCEPTED_MEDIA_TYPES } from '../body-kind';
import { FILE_BODY_LIMIT } from '../http-limits';
import { UPLOAD_RETRY_AFTER_S, UploadSlots } from '../upload-slots';

type NameParams = { Params: { name: string } };

/** The files of the built-in `file` app: NDJSON in, NDJSON out, confined to the data dir. */
export function registerFileRoutes(app: FastifyInstance, services: ApiServices): void {
  const files = services.files;

  app.get('/files', async () => files.list());

  // Uploads in their own plugin: its parsers hand the body over as the raw stream (never a string
  // in memory); the API plugin's hooks (access first) still run before any byte is read.
  const slots = new UploadSlots();
  app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser(ACCEPTED_MEDIA_TYPES.ndjson as string[], (_request, payload, done) => done(null, payload));
    uploads.put<NameParams & { Body: Readable | undefined }>('/files/:name', { config: { bodyKind: 'ndjson' } }, async (request, reply) => {
      files.pathOf(request.params.name);
      // Refused before a byte is read; the connection closes, so the client stops sending.
      if (Number(request.headers['content-length']) > FILE_BODY_LIMIT) {
        void reply.header('connection', 'close');
        throw new HostError(413, 'payload_too_large', `The body is larger than the limit of ${FILE_BODY_LIMIT} bytes`);
      }
      try {
        return await slots.run(() => files.receive(request.params.name, request.body ?? Readable.from([]), FILE_BODY_LIMIT));
      } catch (error) {
        const status = error instanceof HostError ? error.status : 500;
        if (status === 503) void reply.header('retry-after', String(UPLOAD_RETRY_AFTER_S));
        // What the client still sends is not wanted: close rather than read it to the end.
        if (status === 503 || status === 413 || status === 507) void reply.header('connection', 'close');
        throw error;
      }
    });
  });

  // A file a flow reads or writes is not deleted under it: 409 names those flows.
  app.delete<NameParams>('/files/:name', async (request, reply) => {
    const name = request.params.name;
    files.pathOf(name);
    const flows = services.store.flows.usingFile(FILE_APP_ID, name);
    if (flows.length > 0) {
      throw new ConflictError('file_in_use', `File "${name}" is used by ${flows.map((flow) => `flow "${flow.name}"`).join(', ')}; change or delete ${flows.length === 1 ? 'that flow' : 'those flows'} first`, { flows });
    }
    if (!(await files.remove(name))) throw new NotFoundError('File', name);
    return reply.status(204).send();
  });

  app.get<NameParams & { Querystring: { download?: string } }>('/files/:name', async (request, reply) => {
    if (!(await files.info(request.params.name))) throw new NotFoundError('File', request.params.name);
    // `?download=1`: the browser saves the file instead of showing it.
    if (request.query.download !== undefined) void reply.header('content-disposition', `attachment; filename="${request.params.name}"`);
    return reply.type('application/x-ndjson; charset=utf-8').send(files.stream(request.params.name));
  });
}
