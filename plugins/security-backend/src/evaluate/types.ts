import { Severity } from '@devsecops/plugin-security-common';
import { JsonObject } from '@devsecops/plugin-security-node';

/** One container of a pod spec, with the JSON path that leads to it. */
export interface ContainerRef {
  container: JsonObject;
  /** e.g. `spec.template.spec.containers[0]` */
  path: string;
  name: string;
  list: ContainerList;
}

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

/** A pod spec found in a manifest: a bare Pod or the template of a controller. */
export interface Workload {
  kind: string;
  namespace: string;
  name: string;
  /** `Kind/namespace/name` */
  resource: string;
  spec: JsonObject;
  /** Path of the pod spec in its object, e.g. `spec.template.spec`. */
  specPath: string;
  /** The pod's own metadata (labels, annotations): the template's for controllers. */
  metadata: JsonObject;
  metadataPath: string;
  /** Init, regular and ephemeral containers, in that order. */
  containers: ContainerRef[];
}

/** Something a check found wrong: where, and what was seen against what is required. */
export interface Violation {
  resource: string;
  field?: string;
  message: string;
}

export type Benchmark = 'pss-baseline' | 'pss-restricted' | 'openshift-scc' | 'hardening' | 'segmentation';

/** What a control is, independent of the manifests it is run on. */
export interface ControlDefinition {
  id: string;
  benchmark: Benchmark;
  title: string;
  severity: Severity;
  remediation: string;
}

/** How a control fared over the manifests: skipped with a reason, or run over some subjects. */
export type ControlOutcome =
  | { skip: string }
  | { checked: number; violations: Violation[]; summary: string };
