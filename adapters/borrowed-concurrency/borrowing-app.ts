import { CARTROVER_APP } from '../../src/app/cartrover-app-descriptor';
import type { ConnectionSummary } from '../../src/contracts';

/** The app whose connections lend and borrow concurrency. */
export const BORROWING_APP_ID = CARTROVER_APP.id;

/** Only connections of the borrowing app can lend or borrow: other apps' ids are not lenders. */
export function borrowingAppConnections(connections: readonly ConnectionSummary[]): ConnectionSummary[] {
  return connections.filter((connection) => connection.appId === BORROWING_APP_ID);
}
