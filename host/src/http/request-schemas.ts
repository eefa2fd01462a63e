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
  properties: { values, saveOnFailedTest: { type: 'boolean' } },
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

export const createFlowBody = {
  type: 'object',
  additionalProperties: false,
  required: ['integrationId', 'name', 'source', 'destination'],
  properties: { integrationId: id, name: { type: 'string', maxLength: 1000 }, source: step, destination: step },
} as const;
