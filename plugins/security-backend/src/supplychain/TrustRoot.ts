import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { PublicKey, TrustedRoot } from '@sigstore/protobuf-specs';
import { TrustMaterial, toTrustMaterial } from '@sigstore/verify';

const pinnedDir = () => resolvePackagePath('@devsecops/plugin-security-backend', 'trust');

/** The npm registry's `keys.json`: keys it signs publish attestations with. */
interface NpmKeysFile {
  keys: Array<{
    keyId: string;
    keyUsage: string;
    publicKey: unknown;
  }>;
}

/**
 * The roots of trust verification uses, loaded once: a Sigstore trusted root (public good by
 * default, or an operator's own private Fulcio/Rekor) and keys that sign without a certificate
 * (the npm registry's attestation keys). Nothing here touches the network.
 */
export class TrustRoot {
  static fromConfig(config: Config): TrustRoot {
    const dir = pinnedDir();
    const rootPath =
      config.getOptionalString('security.supplyChain.trustedRootPath') ??
      `${dir}/trusted_root.json`;
    const keysPath =
      config.getOptionalString('security.supplyChain.npmKeysPath') ??
      `${dir}/npm-registry-keys.json`;
    return TrustRoot.fromFiles(rootPath, keysPath);
  }

  static fromFiles(rootPath: string, keysPath?: string): TrustRoot {
    const root = readFileSync(rootPath, 'utf8');
    const keys = keysPath ? readFileSync(keysPath, 'utf8') : undefined;
    return TrustRoot.fromJSON(JSON.parse(root), keys ? JSON.parse(keys) : undefined);
  }

  static fromJSON(trustedRoot: unknown, npmKeys?: unknown): TrustRoot {
    const root = TrustedRoot.fromJSON(trustedRoot);
    if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0) {
      throw new Error('The trusted root names no certificate authority and no transparency log');
    }
    const keys: Record<string, PublicKey> = {};
    for (const key of (npmKeys as NpmKeysFile | undefined)?.keys ?? []) {
      if (key.keyUsage !== 'npm:attestations') continue;
      keys[key.keyId] = PublicKey.fromJSON(key.publicKey);
    }
    const digest = createHash('sha256')
      .update(JSON.stringify(trustedRoot))
      .update('\u0000')
      .update(JSON.stringify(npmKeys ?? null))
      .digest('hex');
    return new TrustRoot(toTrustMaterial(root, keys), digest);
  }

  private constructor(
    readonly material: TrustMaterial,
    /** Changes whenever any trusted key changes, so cached verdicts can tell they are stale. */
    readonly digest: string,
  ) {}
}
