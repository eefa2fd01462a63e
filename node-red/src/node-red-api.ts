/**
 * The part of Node-RED's node API this package uses (Node-RED 3.x/4.x), typed here instead of
 * taking `@types/node-red` (1.x era, with express and its types in tow): nothing else is touched.
 */

/** A message between nodes. */
export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [property: string]: unknown;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface NodeContextStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** A node's definition as deployed (its properties, by the names of the editor's `defaults`). */
export interface NodeDefinition {
  readonly id: string;
  readonly type: string;
  readonly z?: string;
  readonly name?: string;
  readonly [property: string]: unknown;
}

export type SendFunction = (message: NodeMessage | NodeMessage[] | null) => void;
export type DoneFunction = (error?: Error) => void;

/** A node instance after `RED.nodes.createNode(this, definition)`. */
export interface NodeRedNode {
  readonly id: string;
  readonly type: string;
  name?: string;
  /** A config node's credentials, as declared at registration (passwords in clear, runtime side only). */
  credentials?: Record<string, string | undefined>;
  on(event: 'input', listener: (message: NodeMessage, send: SendFunction, done: DoneFunction) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  status(status: NodeStatus): void;
  error(message: string, messageForCatch?: NodeMessage): void;
  warn(message: string): void;
  log(message: string): void;
  context(): NodeContextStore;
}

export interface NodeRedLog {
  trace(message: unknown): void;
  debug(message: unknown): void;
  info(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
}

export interface AdminRequest {
  readonly body?: unknown;
  readonly params: Record<string, string>;
}

export interface AdminResponse {
  status(code: number): AdminResponse;
  json(body: unknown): void;
}

export type AdminHandler = (request: AdminRequest, response: AdminResponse, next: (error?: unknown) => void) => void;

export interface CredentialsDeclaration {
  readonly [field: string]: { readonly type: 'text' | 'password' };
}

/** `RED` as a node set's module receives it. */
export interface NodeRedApi {
  readonly nodes: {
    createNode(node: object, definition: NodeDefinition): void;
    registerType(type: string, constructor: (this: NodeRedNode, definition: NodeDefinition) => void, options?: { credentials?: CredentialsDeclaration }): void;
    getNode(id: string): unknown;
    getCredentials(id: string): Record<string, string | undefined> | undefined;
  };
  readonly log: NodeRedLog;
  /** The runtime settings (settings.js); this package reads `cartrover`. */
  readonly settings: Record<string, unknown>;
  readonly httpAdmin: {
    get(path: string, ...handlers: AdminHandler[]): void;
    post(path: string, ...handlers: AdminHandler[]): void;
  };
  readonly auth: { needsPermission(permission: string): AdminHandler };
  readonly version?: () => string;
}
