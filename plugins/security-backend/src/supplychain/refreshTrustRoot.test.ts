import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearMock, mockRepo } from '@tufjs/repo-mock';
import { refreshTrustRoot } from './refreshTrustRoot';
import { TrustRoot } from './TrustRoot';

const trustDir = join(__dirname, '../../trust');
// a root of its own would do as well; the pinned one keeps @sigstore/mock's nock out of this test
const trustedRoot = JSON.parse(readFileSync(join(trustDir, 'trusted_root.json'), 'utf8'));

/** Sigstore's TUF repositories serve metadata at the root of the mirror URL. */
const LAYOUT = { metadataPathPrefix: '' };

describe('refreshTrustRoot', () => {
  afterEach(() => clearMock());

  it('fetches a trusted root through signed TUF metadata and pins it', async () => {
    const keys = JSON.parse(readFileSync(join(trustDir, 'npm-registry-keys.json'), 'utf8'));
    const mirrorURL = 'https://tuf.private.example';
    const root = mockRepo(mirrorURL, [
      { name: 'trusted_root.json', content: JSON.stringify(trustedRoot) },
      { name: 'registry.npmjs.org/keys.json', content: JSON.stringify(keys) },
    ], LAYOUT);
    const dir = mkdtempSync(join(tmpdir(), 'trust-'));
    writeFileSync(join(dir, 'root.json'), root);

    await refreshTrustRoot({ mirrorURL, rootPath: join(dir, 'root.json'), outDir: dir });
    const pinned = TrustRoot.fromFiles(join(dir, 'trusted_root.json'), join(dir, 'npm-registry-keys.json'));
    expect(pinned.digest).toBe(TrustRoot.fromJSON(trustedRoot, keys).digest);
  });

  it('pins nothing when the metadata does not verify against the given root', async () => {
    const mirrorURL = 'https://tuf.other.example';
    mockRepo(mirrorURL, [{ name: 'trusted_root.json', content: JSON.stringify(trustedRoot) }], LAYOUT);
    const otherRoot = mockRepo('https://tuf.unrelated.example', [], LAYOUT);
    const dir = mkdtempSync(join(tmpdir(), 'trust-'));
    writeFileSync(join(dir, 'root.json'), otherRoot);
    writeFileSync(join(dir, 'trusted_root.json'), 'pinned');

    await expect(refreshTrustRoot({ mirrorURL, rootPath: join(dir, 'root.json'), outDir: dir })).rejects.toThrow();
    expect(readFileSync(join(dir, 'trusted_root.json'), 'utf8')).toBe('pinned');
  });
});
