import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ANNOTATION_MANIFESTS } from '@devsecops/plugin-security-common';
import { PayloadTooLargeError } from '../ingest/errors';

const DEFAULT_PATHS = ['deploy/'];
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const MAX_FILES = 1000;

export interface RepositoryManifests {
  /** Every manifest as one multi-document YAML stream. */
  body: Buffer;
  files: string[];
}

/**
 * Reads the entity's Kubernetes manifests from its repository with the portal's URL readers
 * (GitHub, GitLab, Bitbucket, Azure, or any allowed host), within the report size limit.
 */
export async function readRepositoryManifests(
  entity: Entity,
  reader: UrlReaderService,
  maxBytes: number,
): Promise<RepositoryManifests> {
  let location: { type: string; target: string };
  try {
    location = getEntitySourceLocation(entity);
  } catch {
    throw new InputError('The entity has no source location to read manifests from');
  }
  if (location.type !== 'url') {
    throw new InputError(`The entity's source location is of type '${location.type}'; only url locations can be read`);
  }
  const base = location.target;
  const paths = (entity.metadata.annotations?.[ANNOTATION_MANIFESTS] ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  const parts: Buffer[] = [];
  const files: string[] = [];
  let size = 0;
  const add = (name: string, content: Buffer) => {
    size += content.length + 5;
    if (size > maxBytes) throw new PayloadTooLargeError(`The manifests are larger than ${maxBytes} bytes`);
    if (files.length >= MAX_FILES) throw new InputError(`More than ${MAX_FILES} manifest files`);
    files.push(name);
    parts.push(Buffer.from('---\n'), content, Buffer.from('\n'));
  };
  for (const path of paths.length > 0 ? paths : DEFAULT_PATHS) {
    const url = resolveUrl(path, base);
    if (path.endsWith('/')) {
      const tree = await reader.readTree(url, { filter: p => MANIFEST_FILE.test(p) });
      for (const file of await tree.files()) add(`${path}${file.path}`, await file.content());
    } else {
      add(path, await (await reader.readUrl(url)).buffer());
    }
  }
  if (files.length === 0) throw new InputError(`No manifest files under ${paths.join(', ') || DEFAULT_PATHS[0]}`);
  return { body: Buffer.concat(parts), files };
}

function resolveUrl(path: string, base: string): string {
  if (path.startsWith('/') || path.includes('..') || /^[a-z]+:/i.test(path)) {
    throw new InputError(`Manifest path '${path}' must be relative to the source location, without '..'`);
  }
  // a managed-by location names the catalog file itself; a source location names a folder
  const isFile = /\/[^/]+\.[a-z0-9]+$/i.test(new URL(base).pathname);
  return new URL(path, isFile || base.endsWith('/') ? base : `${base}/`).toString();
}
