import { obj } from '@devsecops/plugin-security-node';
import { IdRange } from './sccProfiles';
import { ManifestSet } from './manifestSet';
import { metadataValue } from './objects';

/**
 * What OpenShift allocates to a project, from the annotations it writes on the Namespace.
 * Manifests rarely carry them (the cluster adds them), so each may be unknown.
 */
export interface NamespaceAllocation {
  uids?: IdRange[];
  groups?: IdRange[];
  mcsLevel?: string;
}

export const UID_RANGE_ANNOTATION = 'openshift.io/sa.scc.uid-range';
export const GROUPS_ANNOTATION = 'openshift.io/sa.scc.supplemental-groups';
const MCS_ANNOTATION = 'openshift.io/sa.scc.mcs';

/** `1000650000/10000` (start/size) or `1000650000-1000659999`, comma-separated blocks. */
export function parseIdRanges(value: string | undefined): IdRange[] | undefined {
  if (!value) return undefined;
  const ranges: IdRange[] = [];
  for (const block of value.split(',')) {
    const sized = /^\s*(\d+)\/(\d+)\s*$/.exec(block);
    const spanned = /^\s*(\d+)-(\d+)\s*$/.exec(block);
    if (sized && Number(sized[2]) > 0) {
      ranges.push({ min: Number(sized[1]), max: Number(sized[1]) + Number(sized[2]) - 1 });
    } else if (spanned) {
      ranges.push({ min: Number(spanned[1]), max: Number(spanned[2]) });
    } else {
      return undefined;
    }
  }
  return ranges;
}

export function namespaceAllocation(set: ManifestSet, namespace: string): NamespaceAllocation {
  const annotations = obj(obj(set.namespaces.get(namespace), 'metadata'), 'annotations');
  const uids = parseIdRanges(metadataValue(annotations, UID_RANGE_ANNOTATION));
  return {
    uids,
    // fsGroup and supplemental groups fall back to the UID range when no group range is set
    groups: parseIdRanges(metadataValue(annotations, GROUPS_ANNOTATION)) ?? uids,
    mcsLevel: metadataValue(annotations, MCS_ANNOTATION),
  };
}

export function inRanges(value: number, ranges: IdRange[]): boolean {
  return ranges.some(range => value >= range.min && value <= range.max);
}

export function describeRanges(ranges: IdRange[]): string {
  return ranges.map(range => `${range.min}-${range.max}`).join(', ');
}

/** SELinux levels match with their categories in any order: `s0:c6,c0` is `s0:c0,c6`. */
export function sameSeLinuxLevel(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const [expectedSensitivity, expectedCategories] = splitLevel(expected);
  const [actualSensitivity, actualCategories] = splitLevel(actual);
  if (expectedCategories === undefined || actualCategories === undefined) return false;
  const sorted = (categories: string) => categories.split(',').sort().join(',');
  return expectedSensitivity === actualSensitivity && sorted(expectedCategories) === sorted(actualCategories);
}

function splitLevel(level: string): [string, string | undefined] {
  const colon = level.indexOf(':');
  return colon < 0 ? [level, undefined] : [level.slice(0, colon), level.slice(colon + 1)];
}
