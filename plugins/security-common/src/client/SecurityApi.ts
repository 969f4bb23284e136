import {
  Component,
  ComponentsQuery,
  EntitySummary,
  Finding,
  FindingsQuery,
  Page,
} from '../types';
import { EntityAttestations } from '../supplyChain';
import { ControlResult, ControlsQuery } from '../controls';
import { EntityCompliance } from '../compliance';

/** What the Security tab needs from the backend. */
export interface SecurityApi {
  getSummary(entityRef: string): Promise<EntitySummary>;
  listFindings(entityRef: string, query?: FindingsQuery): Promise<Page<Finding>>;
  listComponents(
    entityRef: string,
    query?: ComponentsQuery,
  ): Promise<Page<Component>>;
  listAttestations(entityRef: string): Promise<EntityAttestations>;
  listControls(entityRef: string, query?: ControlsQuery): Promise<Page<ControlResult>>;
  getCompliance(entityRef: string): Promise<EntityCompliance>;
}
