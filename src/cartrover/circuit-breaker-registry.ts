import type { CircuitOptions } from './connection-circuit';
import { ConnectionCircuit, DEFAULT_CIRCUIT } from './connection-circuit';

/** One circuit per connection (by id), shared by every client of that connection in the plugin. */
export class CircuitBreakerRegistry {
  readonly #circuits = new Map<string, ConnectionCircuit>();

  constructor(
    private readonly options: () => CircuitOptions = () => DEFAULT_CIRCUIT,
    private readonly describe: () => string = () => 'CartRover',
  ) {}

  forConnection(connectionId: string): ConnectionCircuit {
    let circuit = this.#circuits.get(connectionId);
    if (!circuit) {
      circuit = new ConnectionCircuit(this.options(), this.describe);
      this.#circuits.set(connectionId, circuit);
    }
    return circuit;
  }
}
