/**
 * yarn bench:verify — verifications per second of a real SLSA provenance bundle (npm's, for
 * sigstore@1.0.0) on one core: the plugin's verifier cold (no cache: bundle decoding, the
 * Sigstore checks, subject digest and identity policy), the bare @sigstore/verify call on the
 * same bundle in the same run, and the plugin's cached look-up. Rounds alternate so both sides
 * see the same machine state. Run it under `taskset -c 0` to pin one core (the script does so
 * itself when taskset exists).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { PublicKey, TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { BundleVerifier } from '../../plugins/security-backend/src/supplychain/BundleVerifier';
import { describeBundle, readBundle } from '../../plugins/security-backend/src/supplychain/bundleFacts';
import { TrustRoot } from '../../plugins/security-backend/src/supplychain/TrustRoot';

const root = resolve(__dirname, '../..');
const trustDir = resolve(root, 'plugins/security-backend/trust');
const response = JSON.parse(
  readFileSync(resolve(root, 'examples/reports/checkout-web.npm-attestations.sigstore-1.0.0.json'), 'utf8'),
);
const bundleJson = response.attestations[0].bundle;
const rootJson = JSON.parse(readFileSync(resolve(trustDir, 'trusted_root.json'), 'utf8'));
const keysJson = JSON.parse(readFileSync(resolve(trustDir, 'npm-registry-keys.json'), 'utf8'));

const ROUNDS = 6;
const ROUND_MS = 1500;

function rate(fn: (i: number) => void): number {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let k = 0; k < 10; k++) fn(n++);
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return (n / elapsed) * 1000;
}

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// the bare library call, as the library's own documentation wires it
const keys: Record<string, PublicKey> = {};
for (const k of keysJson.keys) {
  if (k.keyUsage === 'npm:attestations') keys[k.keyId] = PublicKey.fromJSON(k.publicKey);
}
const bareVerifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(rootJson), keys));
const bare = () => {
  bareVerifier.verify(toSignedEntity(bundleFromJSON(bundleJson)));
};

// the plugin: decode, describe, verify, digest and identity checks; a new bundle digest each
// time, so every call misses the cache
const plugin = new BundleVerifier(TrustRoot.fromJSON(rootJson, keysJson), 1_000_000);
const context = {
  expectedDigest: 'sha512:7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36',
  policy: {
    issuer: 'https://token.actions.githubusercontent.com',
    subjectPattern: '^https://github\\.com/sigstore/sigstore-js/\\.github/workflows/.+$',
    source: 'config' as const,
  },
};
const cold = (i: number) => {
  const bundle = readBundle(bundleJson);
  const verdict = plugin.verify(bundle, describeBundle(bundle), `cold-${i}-${Math.random()}`, context);
  if (verdict.verification.status !== 'verified') throw new Error(verdict.verification.reason);
};
const warmBundle = readBundle(bundleJson);
const warmFacts = describeBundle(warmBundle);
plugin.verify(warmBundle, warmFacts, 'warm', context);
const cached = () => {
  plugin.verify(warmBundle, warmFacts, 'warm', context);
};

bare();
cold(-1);
const bareRates: number[] = [];
const coldRates: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  bareRates.push(rate(bare));
  coldRates.push(rate(cold));
}
const cachedRate = median([rate(cached), rate(cached), rate(cached)]);
const b = median(bareRates);
const c = median(coldRates);
const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`bundle: npm SLSA v0.2 provenance of sigstore@1.0.0 (bundle v0.1, DSSE, Fulcio certificate)`);
console.log(`rounds: ${ROUNDS} × ${ROUND_MS} ms each side, alternating; medians`);
console.log(`bare @sigstore/verify         ${fmt(b)} verifications/s`);
console.log(`plugin cold (no cache)        ${fmt(c)} verifications/s  ratio ${(c / b).toFixed(2)}  (target ≥ 100/s and ≥ 0.90 of bare)`);
console.log(`plugin cached look-up         ${fmt(cachedRate)} look-ups/s  (target ≥ 10,000/s)`);
