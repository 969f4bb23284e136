import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTUF } from '@sigstore/tuf';
import { TrustRoot } from './TrustRoot';

export const PUBLIC_GOOD_TUF = 'https://tuf-repo-cdn.sigstore.dev';

export interface RefreshOptions {
  /** The TUF repository; the public-good one by default. */
  mirrorURL?: string;
  /** A root.json to start trust from, for a private TUF repository. */
  rootPath?: string;
  /** The directory the backend reads `trusted_root.json` and `npm-registry-keys.json` from. */
  outDir: string;
}

/**
 * Fetches the trusted root and the npm registry keys through TUF, so every byte is checked
 * against signed metadata, and replaces the pinned copies only when the new root loads.
 */
export async function refreshTrustRoot(options: RefreshOptions) {
  const cachePath = mkdtempSync(join(tmpdir(), 'sigstore-tuf-'));
  try {
    const tuf = await initTUF({
      mirrorURL: options.mirrorURL ?? PUBLIC_GOOD_TUF,
      rootPath: options.rootPath,
      cachePath,
      force: true,
    });
    const root = JSON.parse(await tuf.getTarget('trusted_root.json'));
    let keys: { keys: unknown[] } | undefined;
    try {
      keys = JSON.parse(await tuf.getTarget('registry.npmjs.org/keys.json'));
    } catch {
      keys = undefined; // a private repository need not publish npm's keys
    }
    TrustRoot.fromJSON(root, keys); // refuse to pin what verification could not use
    writeFileSync(join(options.outDir, 'trusted_root.json'), `${JSON.stringify(root, null, 2)}\n`);
    if (keys) {
      writeFileSync(join(options.outDir, 'npm-registry-keys.json'), `${JSON.stringify(keys, null, 2)}\n`);
    }
    return { trustedRoot: root, npmKeys: keys };
  } finally {
    rmSync(cachePath, { recursive: true, force: true });
  }
}
