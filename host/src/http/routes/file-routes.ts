import type { FastifyInstance } from 'fastify';
import { ConflictError } from '../../errors/conflict-error';
import { NotFoundError } from '../../errors/not-found-error';
import { FILE_APP_ID } from '../../files/file-app';
import { ValidationError } from '../../errors/validation-error';
import { checkNdjson } from '../../files/ndjson-check';
import type { ApiServices } from '../api-services';
import { FILE_BODY_LIMIT } from '../http-limits';

type NameParams = { Params: { name: string } };

/** The files of the built-in `file` app: NDJSON in, NDJSON out, confined to the data dir. */
export function registerFileRoutes(app: FastifyInstance, services: ApiServices): void {
  const files = services.files;

  app.get('/files', async () => files.list());

  app.put<NameParams & { Body: string | undefined }>(
    '/files/:name',
    { config: { bodyKind: 'ndjson' }, bodyLimit: FILE_BODY_LIMIT },
    async (request) => {
      files.pathOf(request.params.name);
      const text = typeof request.body === 'string' ? request.body : '';
      const { records, errors, messages } = checkNdjson(text);
      if (Object.keys(errors).length > 0) {
        const first = Object.keys(errors)[0]!;
        throw new ValidationError(errors, `The file is not NDJSON: ${first} ${errors[first]}`, messages);
      }
      const info = await files.replace(request.params.name, text);
      return { ...info, records };
    },
  );

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
