import type { AppContribution, AppRole, DocumentationLink, OperationContribution } from 'cartrover-connector/contracts';

/** Who provides an app: a plugin (id and version from its manifest), or the host itself. */
export interface AppProvider {
  readonly id: string;
  readonly version: string;
}

/** An app as the host lists it: plugin apps and the host's built-in apps alike. */
export interface CatalogApp {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly AppRole[];
  readonly documentation: readonly DocumentationLink[];
  readonly plugin: AppProvider;
  readonly operations: readonly OperationContribution[];
  /** The plugin's contribution; absent for built-in apps, which have no connections. */
  readonly contribution?: AppContribution;
}

/** The app of a plugin, which has connections (form, test, lifecycle). */
export type ConnectableApp = CatalogApp & { readonly contribution: AppContribution };
