import type { NodeDefinition, NodeMessage } from '../node-red-api';

/** The `config` property of an in/out node (JSON text in the editor), or a sentence saying why it is not usable. */
export function nodeConfigOf(definition: NodeDefinition): { config: Record<string, unknown> } | { problem: string } {
  const raw = definition.config;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { config: {} };
  if (typeof raw === 'object' && !Array.isArray(raw)) return { config: raw as Record<string, unknown> };
  try {
    const parsed: unknown = JSON.parse(String(raw));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { config: parsed as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { problem: 'The node\'s config is not a JSON object (e.g. {"status":"new"})' };
}

/** `msg.config` when the message brings one (it wins over the node's), else the node's. */
export function messageConfig(message: NodeMessage, fromNode: Record<string, unknown>): Record<string, unknown> | string {
  const given = message.config;
  if (given === undefined) return fromNode;
  if (typeof given === 'object' && given !== null && !Array.isArray(given)) return given as Record<string, unknown>;
  return 'msg.config must be an object of the operation\'s settings';
}
