import { field, obj, str } from '@devsecops/plugin-security-node';
import { Workload } from './types';
import { annotationPath, securityContexts, shown } from './podFields';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** A seccomp profile a pod asks for, in the `runtime/default` spelling SCCs list. */
export interface RequestedSeccomp {
  path: string;
  who: string;
  profile: string;
}

function sccSpelling(profile: unknown): string {
  const type = field(profile, 'type');
  if (type === 'RuntimeDefault') return 'runtime/default';
  if (type === 'Unconfined') return 'unconfined';
  if (type === 'Localhost') return `localhost/${str(profile, 'localhostProfile') ?? ''}`;
  return shown(type);
}

/** Every seccomp profile the pod sets, by field or by the deprecated annotations. */
export function seccompProfilesOf(w: Workload): RequestedSeccomp[] {
  const fromFields = securityContexts(w).flatMap(({ context, path, who }) => {
    const profile = field(context, 'seccompProfile');
    return profile === undefined || profile === null ? [] : [{ path: `${path}.seccompProfile.type`, who, profile: sccSpelling(profile) }];
  });
  const annotations = obj(w.metadata, 'annotations') ?? {};
  const fromAnnotations = Object.keys(annotations)
    .filter(key => key === POD_ANNOTATION || key.startsWith(CONTAINER_ANNOTATION))
    .map(key => {
      const value = shown(field(annotations, key));
      // docker/default is the old name of runtime/default, and SCCs take either
      return { path: annotationPath(w, key), who: `annotation ${key}`, profile: value === 'docker/default' ? 'runtime/default' : value };
    });
  return [...fromFields, ...fromAnnotations];
}
