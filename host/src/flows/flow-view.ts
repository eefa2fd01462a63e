import type { StoredFlow } from '../store/stored-records';

/** The REST shape of a flow: exactly what is stored (no secrets live in a flow). */
export type FlowView = StoredFlow;
