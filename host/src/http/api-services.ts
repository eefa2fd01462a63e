import type { PoolStats } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import type { ConnectionService } from '../connections/connection-service';
import type { FileStore } from '../files/file-store';
import type { FlowService } from '../flows/flow-service';
import type { IntegrationService } from '../integrations/integration-service';
import type { FlowRunner } from '../runs/flow-runner';
import type { FlowScheduler } from '../schedules/flow-scheduler';
import type { HostStore } from '../store/host-store';

/** What the REST routes work with: the host's services, nothing of a plugin's internals. */
export interface ApiServices {
  readonly catalog: AppCatalog;
  readonly connections: ConnectionService;
  readonly integrations: IntegrationService;
  readonly flows: FlowService;
  readonly runner: FlowRunner;
  readonly scheduler: FlowScheduler;
  readonly files: FileStore;
  readonly store: HostStore;
  /** The pool registry's stats, or none when no plugin bound a registry. */
  readonly poolStats: () => Promise<readonly PoolStats[]>;
}
