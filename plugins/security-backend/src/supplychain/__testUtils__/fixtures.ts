import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TrustRoot } from '../TrustRoot';

const dir = resolve(__dirname, '../__fixtures__');
const trustDir = resolve(__dirname, '../../../trust');

export function fixture(name: string): any {
  return JSON.parse(readFileSync(resolve(dir, name), 'utf8'));
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(resolve(dir, name));
}

/** The pinned public-good trusted root and npm keys the plugin ships. */
export function publicGoodTrust(): TrustRoot {
  return TrustRoot.fromFiles(
    resolve(trustDir, 'trusted_root.json'),
    resolve(trustDir, 'npm-registry-keys.json'),
  );
}

export const CONFORMANCE_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** sha256 of conformance-a.txt, the artifact the conformance bundles sign. */
export const CONFORMANCE_DIGEST =
  'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
