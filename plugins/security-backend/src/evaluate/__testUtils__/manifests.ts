import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ControlResultInput } from '@devsecops/plugin-security-node';
import { parseAllDocuments } from 'yaml';
import { kubernetesObjects } from '../../formats/readYamlDocuments';
import { evaluateManifests } from '../evaluateManifests';
import { ManifestSet, readManifestSet } from '../manifestSet';
import { Workload } from '../types';

export function fixture(name: string): Buffer {
  return readFileSync(resolve(__dirname, '../__fixtures__', name));
}

/** The Kubernetes objects of YAML text (or JSON, which is YAML too). */
export function objectsOf(text: string): unknown[] {
  return kubernetesObjects(parseAllDocuments(text).map(doc => doc.toJS()));
}

export function setOf(text: string): ManifestSet {
  return readManifestSet(objectsOf(text));
}

/** The one workload of a manifest. */
export function workloadOf(text: string): Workload {
  const { workloads } = setOf(text);
  if (workloads.length !== 1) throw new Error(`expected one workload, found ${workloads.length}`);
  return workloads[0];
}

/** A Pod manifest around a pod spec given as YAML indented for `spec:`. */
export function pod(spec: string, metadata = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ns\n${metadata}spec:\n${spec}`;
}

/** Results of a fixture, by control id. */
export function resultsOf(text: string): Map<string, ControlResultInput> {
  return new Map(evaluateManifests(objectsOf(text)).map(r => [r.controlId, r]));
}

export function fieldsOf(result: ControlResultInput | undefined): Array<string | undefined> {
  return (result?.evidence ?? []).map(e => e.field);
}
