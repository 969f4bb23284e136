import {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

function localPath(url: string): string {
  if (!url.startsWith('file://')) {
    throw new NotAllowedError(
      `Templates render offline here: only file:// URLs can be read, not ${url}`,
    );
  }
  return fileURLToPath(url);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    withFileTypes: true,
    recursive: true,
  });
  return entries
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/**
 * A UrlReader over the local file system, for rendering templates offline: `file://` URLs
 * are read from disk, every other URL is refused (nothing is fetched from a network).
 * `fetch:template` itself copies a skeleton next to a `file://` template without a reader;
 * this one serves absolute `file://` URLs.
 */
export class LocalUrlReader implements UrlReaderService {
  async readUrl(url: string): Promise<UrlReaderServiceReadUrlResponse> {
    const path = localPath(url);
    const content = await fs.readFile(path).catch(() => {
      throw new NotFoundError(`${url} does not exist`);
    });
    return {
      buffer: async () => content,
      stream: () => Readable.from(content),
    };
  }

  async readTree(url: string): Promise<UrlReaderServiceReadTreeResponse> {
    const dir = localPath(url);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory())
      throw new NotFoundError(`${url} is not a directory`);
    return {
      etag: '',
      files: async () =>
        (await listFiles(dir)).map(path => ({
          path,
          content: () => fs.readFile(join(dir, path)),
        })),
      dir: async options => {
        const target =
          options?.targetDir ?? (await fs.mkdtemp(join(tmpdir(), 'tree-')));
        await fs.cp(dir, target, { recursive: true });
        return target;
      },
      archive: async () => {
        throw new NotImplementedError('Local trees are not served as archives');
      },
    };
  }

  async search(): Promise<UrlReaderServiceSearchResponse> {
    throw new NotImplementedError('Local file search is not supported');
  }
}
