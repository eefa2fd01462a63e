/**
 * JSON Schemas of the request bodies (fastify validates them; failures answer 422 by field).
 * Only shapes here: meaning (known apps, registered connections…) is checked by the services.
 */
const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const optionalId = { type: ['string', 'null'], maxLength: 200 } as const;
const values = { type: 'object' } as const;

export const connectionFormBody = {
  type: 'object',
  additionalProperties: false,
  properties: { values, connectionId: optionalId },
} as const;

export const testConnectionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['appId', 'values'],
  properties: { appId: id, values, connectionId: optionalId },
} as const;

export const createConnectionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['appId', 'values'],
  properties: { appId: id, values, integrationId: optionalId, saveOnFailedTest: { type: 'boolean' } },
} as const;

export const updateConnectionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['values'],
  properties: { values, saveOnFailedTest: { type: 'boolean' }, version: { type: 'integer', minimum: 1 } },
} as const;

/** Query strings: one value each (a repeated parameter arrives as an array: 422, not a crash). */
export const flowListQuery = {
  type: 'object',
  properties: { integrationId: { type: 'string', maxLength: 200 } },
} as const;

export const createIntegrationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 1000 } },
} as const;

export const registerConnectionsBody = {
  type: 'array',
  maxItems: 1000,
  items: id,
} as const;

const step = {
  type: 'object',
  additionalProperties: false,
  required: ['appId', 'operation'],
  properties: { appId: id, connectionId: optionalId, operation: id, config: { type: 'object' } },
} as const;

/** A JSONata expression (its meaning is checked by the flow service), or null for none. */
const transform = { oneOf: [{ type: 'null' }, { type: 'string', maxLength: 20000 }] } as const;

/** A record and an expression to try it on (the flow editor's preview). */
export const transformPreviewBody = {
  type: 'object',
  additionalProperties: false,
  required: ['transform', 'record'],
  properties: { transform: { type: 'string', maxLength: 20000 }, record: { type: 'object' } },
} as const;

/** Cron or interval; the meaning (a valid expression, a sane interval) is checked by the flow service. */
const schedule = {
  oneOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'kind', 'cron'],
      properties: { enabled: { type: 'boolean' }, kind: { const: 'cron' }, cron: { type: 'string', minLength: 1, maxLength: 200 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'kind', 'every', 'unit'],
      properties: { enabled: { type: 'boolean' }, kind: { const: 'interval' }, every: { type: 'integer', minimum: 1 }, unit: { enum: ['seconds', 'minutes', 'hours'] } },
    },
  ],
} as const;

export const createFlowBody = {
  type: 'object',
  additionalProperties: false,
  required: ['integrationId', 'name', 'source', 'destination'],
  properties: { integrationId: id, name: { type: 'string', maxLength: 1000 }, source: step, destination: step, schedule, transform },
} as const;

export const updateFlowBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'source', 'destination'],
  properties: { name: { type: 'string', maxLength: 1000 }, source: step, destination: step, schedule, transform, version: { type: 'integer', minimum: 1 } },
} as const;

export const renameIntegrationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 1000 }, version: { type: 'integer', minimum: 1 } },
} as const;

/** Query values arrive as text (no coercion): digits only, ranges checked by the route. */
export const runsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' }, offset: { type: 'string', pattern: '^[0-9]{1,9}$' } },
} as const;
