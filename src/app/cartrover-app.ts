import { inject, injectable, multiInject } from 'inversify';
import type {
  AppContribution,
  ConnectionFormContribution,
  ConnectionLifecycle,
  ConnectionTestHandler,
  OperationContribution,
} from '../contracts';
import { CONNECTION_TOKENS } from '../connection/connection-tokens';
import { CARTROVER_OPERATION } from '../operations/operation-tokens';
import { APP_TOKENS } from './app-tokens';
import { CARTROVER_APP } from './cartrover-app-descriptor';

/**
 * The CartRover app as a host sees it: each part is a feature bound by its own module. It reaches
 * the form through the connection feature's token, so the forms (which name this app) and the app
 * do not import each other.
 */
@injectable()
export class CartRoverApp implements AppContribution {
  readonly id = CARTROVER_APP.id;
  readonly name = CARTROVER_APP.name;
  readonly roles = CARTROVER_APP.roles;
  readonly documentation = CARTROVER_APP.documentation;

  constructor(
    @inject(CONNECTION_TOKENS.ConnectionForm) readonly connectionForm: ConnectionFormContribution,
    @inject(CONNECTION_TOKENS.TestHandler) readonly testHandler: ConnectionTestHandler,
    @multiInject(CARTROVER_OPERATION) readonly operations: readonly OperationContribution[],
    @inject(APP_TOKENS.ConnectionPools) readonly lifecycle: ConnectionLifecycle,
  ) {}
}
