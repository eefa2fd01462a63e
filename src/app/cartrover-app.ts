import { inject, injectable, multiInject } from 'inversify';
import type {
  AppContribution,
  ConnectionFormContribution,
  ConnectionLifecycle,
  ConnectionTestHandler,
  OperationContribution,
} from '../contracts';
import { BORROWED_CONCURRENCY_TOKENS } from '../../adapters/borrowed-concurrency/borrow-tokens';
import { CONNECTION_TOKENS } from '../connection/connection-tokens';
import { FORMS_TOKENS } from '../forms/forms-tokens';
import { CARTROVER_OPERATION } from '../operations/operation-tokens';
import { CARTROVER_APP } from './cartrover-app-descriptor';

/** The CartRover app as a host sees it: each part is a feature bound by its own module. */
@injectable()
export class CartRoverApp implements AppContribution {
  readonly id = CARTROVER_APP.id;
  readonly name = CARTROVER_APP.name;
  readonly roles = CARTROVER_APP.roles;
  readonly documentation = CARTROVER_APP.documentation;

  constructor(
    @inject(FORMS_TOKENS.CartRoverConnectionForm) readonly connectionForm: ConnectionFormContribution,
    @inject(CONNECTION_TOKENS.TestHandler) readonly testHandler: ConnectionTestHandler,
    @multiInject(CARTROVER_OPERATION) readonly operations: readonly OperationContribution[],
    @inject(BORROWED_CONCURRENCY_TOKENS.Lifecycle) readonly lifecycle: ConnectionLifecycle,
  ) {}
}
