import type { AppContribution, AppRole, OperationContribution } from 'cartrover-connector/contracts';
import { UsageError } from '../usage-error';

/** The app's operation with this id and role, or a usage error listing the ones there are. */
export function operationOf(app: AppContribution, operationId: string, role: AppRole): OperationContribution {
  const candidates = app.operations.filter((operation) => operation.role === role);
  const operation = candidates.find((candidate) => candidate.id === operationId);
  if (!operation) throw new UsageError(`"${operationId}" is not a ${role} operation of ${app.name}; choose one of: ${candidates.map((candidate) => candidate.id).join(', ') || 'none'}`);
  return operation;
}
