import path from 'node:path';
import { importableOrder } from '../../support/importable-order';

export const SHOP = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };
export const CART = { apiUser: 'demo-cart', apiKey: 'demo-cart-key' };
export const LENDER_LEVEL = 3;

/** Files the flows write (in the user dir): each cartrover-out message's outcomes, and what the Catch node caught. */
export function resultFiles(userDir: string): { results: string; caught: string } {
  return { results: path.join(userDir, 'results.ndjson'), caught: path.join(userDir, 'caught.ndjson') };
}

const at = { z: 'tab', x: 200, y: 100 };

function fileNode(id: string, filename: string): Record<string, unknown> {
  return { id, type: 'file', ...at, filename, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [[]] };
}

function injectNode(id: string, payload: unknown, target: string): Record<string, unknown> {
  return { id, type: 'inject', ...at, props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: id, payload: JSON.stringify(payload), payloadType: 'json', wires: [[target]] };
}

/**
 * The end-to-end flows: a lender (level 3) and a borrower, each with an inject -> cartrover-out
 * (orders.create) -> file; a Catch node -> function -> file for the failed records. Credentials go
 * inside the connection nodes, as the editor deploys them. `prefix` keeps the orders of several
 * runs (or processes) apart.
 */
export function importFlows(userDir: string, prefix: string, perConnection: number): Record<string, unknown>[] {
  const files = resultFiles(userDir);
  const orders = (label: string) => Array.from({ length: perConnection }, (_, n) => importableOrder(`${prefix}-${label}-${n}`));
  return [
    { id: 'tab', type: 'tab', label: 'CartRover import' },
    { id: 'shop', type: 'cartrover-connection', name: 'Shop', borrowConcurrencyFrom: '', concurrencyLevel: String(LENDER_LEVEL), credentials: SHOP },
    { id: 'cart', type: 'cartrover-connection', name: 'Cart', borrowConcurrencyFrom: 'shop', concurrencyLevel: '', credentials: CART },
    injectNode('lenderOrders', [...orders('L'), { cust_ref: `${prefix}-BAD` }], 'lenderOut'),
    injectNode('borrowerOrders', orders('B'), 'borrowerOut'),
    { id: 'lenderOut', type: 'cartrover-out', ...at, connection: 'shop', operation: 'orders.create', config: '', wires: [['resultsFile']] },
    { id: 'borrowerOut', type: 'cartrover-out', ...at, connection: 'cart', operation: 'orders.create', config: '', wires: [['resultsFile']] },
    fileNode('resultsFile', files.results),
    { id: 'catcher', type: 'catch', ...at, scope: null, uncaught: false, wires: [['describeCaught']] },
    { id: 'describeCaught', type: 'function', ...at, func: 'msg.payload = { error: msg.error.message, source: msg.error.source.id, custRef: msg.payload && msg.payload.cust_ref };\nreturn msg;', outputs: 1, wires: [['caughtFile']] },
    fileNode('caughtFile', files.caught),
  ];
}

/** A second Merchant-level API user (Test pings a merchant route) the editor test adds to the sandbox. */
export const EDITOR_MERCHANT = { apiUser: 'editor-merchant', apiKey: 'editor-merchant-key' };

/** For the editor: two deployed connections (no lender yet), each used by an out node. */
export function editorFlows(): Record<string, unknown>[] {
  return [
    { id: 'tab', type: 'tab', label: 'CartRover' },
    { id: 'shop', type: 'cartrover-connection', name: 'Shop', borrowConcurrencyFrom: '', concurrencyLevel: String(LENDER_LEVEL), credentials: SHOP },
    { id: 'cart', type: 'cartrover-connection', name: 'Cart', borrowConcurrencyFrom: '', concurrencyLevel: '2', credentials: EDITOR_MERCHANT },
    { id: 'shopOut', type: 'cartrover-out', ...at, connection: 'shop', operation: 'orders.create', config: '', wires: [[]] },
    { id: 'cartOut', type: 'cartrover-out', ...at, y: 200, connection: 'cart', operation: 'orders.create', config: '', wires: [[]] },
  ];
}
