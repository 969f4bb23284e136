import { ControlDefinition, ControlOutcome } from './types';
import { ManifestSet } from './manifestSet';

/** A control checked once per namespace that holds workloads, rather than per pod. */
export interface NamespaceControl extends ControlDefinition {
  evaluate(set: ManifestSet): ControlOutcome;
}
