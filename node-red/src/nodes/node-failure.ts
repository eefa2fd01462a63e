/**
 * The error a node passes to `done(error)` when a whole message fails: Node-RED shows an error's
 * `toString()` (to Catch nodes and the debug sidebar), so that is the sentence alone, without
 * the "Error: " prefix.
 */
export class NodeFailure extends Error {
  override toString(): string {
    return this.message;
  }
}
