import { CI_SYSTEMS, CiSystem } from '../types';
import { conditionHolds } from './templateCondition';
import { YMap, YNode, asMap, entries, get, items, strings } from './yamlTree';

/** The template parameter that chooses the CI system, and the CI system each value means. */
export interface CiParameter {
  /** The path conditions use: `parameters.ciSystem`. */
  path: string;
  values: ReadonlyMap<string, CiSystem>;
}

/** The CI system a parameter value or its display name stands for. */
function ciNamed(text: string | undefined): CiSystem | undefined {
  if (!text) return undefined;
  if (
    /tekton|pipelines[\s_-]*as[\s_-]*code|openshift[\s_-]*pipelines/i.test(text)
  )
    return 'tekton';
  if (/gitlab/i.test(text)) return 'gitlab';
  if (/github|actions/i.test(text)) return 'github';
  return undefined;
}

/**
 * A parameter whose every `enum` value names a CI system (by value or `enumNames`), and no
 * value looks like a host (`github.com` is where the repository lives, not what runs CI).
 */
function asCiParameter(
  path: string[],
  definition: YNode,
): CiParameter | undefined {
  const values = strings(get(definition, 'enum'));
  const names = strings(get(definition, 'enumNames'));
  if (values.length === 0 || values.some(v => /[./]/.test(v))) return undefined;
  const mapped = new Map<string, CiSystem>();
  for (const [i, value] of values.entries()) {
    const ci = ciNamed(value) ?? ciNamed(names[i]);
    if (!ci) return undefined;
    mapped.set(value, ci);
  }
  return { path: ['parameters', ...path].join('.'), values: mapped };
}

/** Every parameter definition of the form, with its path (nested objects included). */
function parameterDefinitions(
  node: YNode | undefined,
  prefix: string[],
  out: Array<{ name: string; path: string[]; definition: YNode }>,
) {
  for (const item of items(node)) parameterDefinitions(item, prefix, out);
  for (const e of entries(node)) {
    if (e.key === 'properties' && asMap(e.value)) {
      for (const property of entries(e.value)) {
        const path = [...prefix, property.key];
        out.push({ name: property.key, path, definition: property.value });
        parameterDefinitions(property.value, path, out);
      }
    } else {
      parameterDefinitions(e.value, prefix, out);
    }
  }
  return out;
}

/**
 * The parameter the template's form chooses the CI system with (`ciSystem: { enum:
 * [github-actions, gitlab-ci, tekton] }`), if it has one. With several candidates, one whose
 * name says CI or pipeline wins.
 */
export function ciParameter(
  template: YMap | undefined,
): CiParameter | undefined {
  const candidates = parameterDefinitions(
    get(template, 'spec', 'parameters'),
    [],
    [],
  )
    .map(d => ({
      name: d.name,
      parameter: asCiParameter(d.path, d.definition),
    }))
    .filter(
      (c): c is { name: string; parameter: CiParameter } =>
        c.parameter !== undefined,
    );
  return (candidates.find(c => /ci|pipeline/i.test(c.name)) ?? candidates[0])
    ?.parameter;
}

/**
 * The CI systems a template step can run for: those for which its `if:` is not false when
 * the CI parameter holds one of that system's values. A condition that does not mention the
 * CI parameter (or a template without one) leaves every system possible; so does a
 * condition that cannot be read.
 */
export function stepCiSystems(
  step: YNode,
  parameter: CiParameter | undefined,
): CiSystem[] {
  return CI_SYSTEMS.filter(ci => {
    const domains = new Map<string, ReadonlySet<string>>();
    if (parameter) {
      domains.set(
        parameter.path,
        new Set(
          [...parameter.values].filter(([, c]) => c === ci).map(([v]) => v),
        ),
      );
    }
    return conditionHolds(get(step, 'if'), domains) !== false;
  });
}
