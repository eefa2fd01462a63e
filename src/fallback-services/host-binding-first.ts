import type { ContainerModuleLoadOptions } from 'inversify';

/**
 * The `when` constraint of a default the plugin binds for a host service: it applies only while no
 * other binding of `token` does. A host that binds its own service after `load` then gets its
 * own, not an "ambiguous bindings" error (what a plugin singleton already resolved stays). While
 * it asks the container, the default's own constraint says no, so only other bindings count.
 */
export function unlessHostBinds(isBound: ContainerModuleLoadOptions['isBound'], token: symbol): () => boolean {
  let asking = false;
  return () => {
    if (asking) return false;
    asking = true;
    try {
      return !isBound(token);
    } finally {
      asking = false;
    }
  };
}
