/* eslint-disable @typescript-eslint/no-require-imports -- class-validator's own module, as in class-validator-parts */
/** What of class-validator's global metadata storage this cache wraps (its public shape in 0.14/0.15). */
interface MetadataStorageLike {
  getTargetValidationMetadatas(target: unknown, schema: string | undefined, always: boolean | undefined, strictGroups: boolean | undefined, groups?: string[]): unknown[];
  groupByPropertyName(metadatas: unknown[]): Record<string, unknown[]>;
  addValidationMetadata(metadata: unknown): void;
  addConstraintMetadata(metadata: unknown): void;
  __cartroverMetadataCache?: true;
}

const { getMetadataStorage } = require('class-validator/cjs/metadata/MetadataStorage') as { getMetadataStorage(): MetadataStorageLike };

/**
 * class-validator looks a class's constraints up again for every object it validates: it filters
 * every metadata entry of the class, walks every registered class for inherited ones and groups the
 * result by property, ~45 KB of garbage per order record, which filled V8's old space between
 * major GCs during a 100,000-order import. The answer only changes when a decorator registers new
 * metadata, so it is kept per class (and per `always`/`strictGroups`) until then; lookups with
 * groups or a schema name (not used here) go through untouched.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage();
  if (storage.__cartroverMetadataCache) return;
  storage.__cartroverMetadataCache = true;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  let byTarget = new Map<unknown, Map<string, unknown[]>>();
  let grouped = new WeakMap<unknown[], Record<string, unknown[]>>();
  const forget = (): void => {
    byTarget = new Map();
    grouped = new WeakMap();
  };

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (schema !== undefined || (groups !== undefined && groups.length > 0)) return lookUp(target, schema, always, strictGroups, groups);
    const key = `${String(always)}|${String(strictGroups)}`;
    let forTarget = byTarget.get(target);
    if (forTarget === undefined) byTarget.set(target, (forTarget = new Map()));
    let metadatas = forTarget.get(key);
    if (metadatas === undefined) forTarget.set(key, (metadatas = lookUp(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (byProperty === undefined) grouped.set(metadatas, (byProperty = group(metadatas)));
    return byProperty;
  };
  storage.addValidationMetadata = (metadata) => {
    forget();
    addValidation(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    forget();
    addConstraint(metadata);
  };
}
