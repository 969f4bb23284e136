import { createHash } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import {
  PolicyError,
  VerificationError,
  Verifier,
  toSignedEntity,
} from '@sigstore/verify';
import {
  AttestationVerification,
  IdentityPolicy,
  VerificationFailure,
} from '@devsecops/plugin-security-common';
import { BundleFacts } from './bundleFacts';
import { signatureOverDigest } from './digestSignature';
import { sameArtifact } from './digests';
import { identityMismatch } from './identityPolicy';
import { provenanceFacts } from './provenance';
import { TrustRoot } from './TrustRoot';

/** What a verdict depends on besides the bundle. */
export interface VerifyContext {
  /** Applied to certificate signatures on the entity's own artifacts. */
  policy?: IdentityPolicy;
  /** The digest the artifact is known to have; a subject must carry it. */
  expectedDigest?: string;
  /**
   * The artifact the upload or the entity names. Without a known digest, a subject must carry
   * this name, so a bundle about something else is not credited to it.
   */
  expectedName?: string;
}

export interface Verdict {
  verification: AttestationVerification;
  /** The key a verified signature came from; the certificate's claims otherwise. */
  signer: BundleFacts['signer'];
}

class Failure extends Error {
  constructor(
    readonly failure: VerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_CACHE_ENTRIES = 10_000;

/**
 * Verifies bundles offline against a trust root with the Sigstore libraries, then checks what
 * they leave to the caller: that a subject carries the artifact's digest and that the signer is
 * who the entity expects. Verdicts are cached by bundle digest and context, and a context
 * includes the trust root's digest, so a new root or policy is a cache miss.
 */
export class BundleVerifier {
  private readonly verifier: Verifier;
  private readonly cache = new Map<string, Verdict>();

  constructor(
    readonly trust: TrustRoot,
    private readonly maxCacheEntries = DEFAULT_CACHE_ENTRIES,
  ) {
    this.verifier = new Verifier(trust.material);
  }

  /** The key a stored verdict is valid for; when it changes, the verdict must be renewed. */
  contextKey(context: VerifyContext): string {
    return createHash('sha256')
      .update(this.trust.digest)
      .update('\u0000')
      .update(JSON.stringify(context.policy ?? null))
      .update('\u0000')
      .update(context.expectedDigest ?? '')
      .update('\u0000')
      .update(context.expectedName ?? '')
      .digest('hex')
      .slice(0, 32);
  }

  verify(
    bundle: Bundle,
    facts: BundleFacts,
    bundleDigest: string,
    context: VerifyContext,
  ): Verdict {
    const key = `${bundleDigest}:${this.contextKey(context)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const verdict = this.verifyUncached(bundle, facts, context);
    if (this.cache.size >= this.maxCacheEntries) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, verdict);
    return verdict;
  }

  verifyUncached(bundle: Bundle, facts: BundleFacts, context: VerifyContext): Verdict {
    const checks: string[] = [];
    let signer = facts.signer;
    const verifiedAt = new Date().toISOString();
    try {
      const verified = this.verifyCryptography(bundle, facts);
      signer = {
        identity: verified.identity?.subjectAlternativeName ?? facts.signer.identity,
        issuer: verified.identity?.extensions?.issuer ?? facts.signer.issuer,
        keyId: facts.signer.keyId,
      };
      checks.push(
        ...(facts.signer.keyId
          ? ['trusted key', 'transparency log', 'signature']
          : ['certificate chain', 'certificate transparency (SCT)', 'transparency log', 'signature']),
      );
      checkSubject(facts, context);
      if (context.expectedDigest) checks.push('subject digest');
      else if (context.expectedName) checks.push('subject name');
      checkProvenanceSource(facts);
      const policy = context.policy;
      if (policy && policy.source !== 'none') {
        if (facts.signer.keyId) {
          throw new Failure(
            'identity-mismatch',
            `signed with the key ${facts.signer.keyId}, not by an identity the policy accepts`,
          );
        }
        const mismatch = identityMismatch(policy, {
          ...signer,
          sourceRepository: facts.certificate?.sourceRepository,
        });
        if (mismatch) throw new Failure('identity-mismatch', mismatch);
        checks.push('signer identity');
      }
      return {
        signer,
        verification: { status: 'verified', checks, policy, verifiedAt },
      };
    } catch (error) {
      const failure = classify(error, bundle);
      return {
        signer,
        verification: {
          status: 'failed',
          failure: failure.failure,
          reason: failure.message,
          checks,
          policy: context.policy,
          verifiedAt,
        },
      };
    }
  }

  private verifyCryptography(bundle: Bundle, facts: BundleFacts) {
    const entity = toSignedEntity(bundle);
    if (bundle.content.$case === 'messageSignature') {
      const digest = bundle.content.messageSignature.messageDigest?.digest;
      if (!digest) {
        throw new Failure('unsupported', 'a message signature without a message digest needs the artifact');
      }
      entity.signature = signatureOverDigest(entity.signature, digest);
    }
    if (facts.kind === 'dsse' && facts.subjects.length === 0) {
      throw new Failure('malformed-bundle', 'the signed statement names no subject with a digest');
    }
    return this.verifier.verify(entity);
  }
}

/** The bundle must be about the artifact it is credited to: its digest, or at least its name. */
function checkSubject(facts: BundleFacts, context: VerifyContext) {
  if (context.expectedDigest) {
    checkDigest(facts, context.expectedDigest);
    return;
  }
  const name = context.expectedName;
  if (!name) return;
  const names = facts.subjects.map(s => s.name).filter((n): n is string => !!n);
  if (names.length === 0) {
    throw new Failure(
      'digest-mismatch',
      `a signature over a bare digest cannot be tied to ${name} without the artifact's digest`,
    );
  }
  if (!names.some(n => sameArtifact(n, name))) {
    throw new Failure('digest-mismatch', `the bundle is about ${names.slice(0, 3).join(', ')}, not ${name}`);
  }
}

/**
 * A provenance statement must describe the build the certificate was issued to: otherwise a
 * signer could claim any repository as the source of what it built.
 */
function checkProvenanceSource(facts: BundleFacts) {
  const provenance = provenanceFacts(facts.predicateType, facts.predicate);
  const certificate = facts.certificate;
  if (!provenance || !certificate) return;
  const claimed = normaliseRepository(provenance.sourceRepository);
  const actual = normaliseRepository(certificate.sourceRepository);
  if (claimed && actual && claimed !== actual) {
    throw new Failure(
      'identity-mismatch',
      `the provenance names ${provenance.sourceRepository} as its source, but the certificate was issued to a build of ${certificate.sourceRepository}`,
    );
  }
  const commit = provenance.sourceCommit?.toLowerCase();
  const certCommit = certificate.sourceCommit?.toLowerCase();
  if (commit && certCommit && commit !== certCommit) {
    throw new Failure(
      'identity-mismatch',
      `the provenance names commit ${commit}, but the certificate was issued to a build of ${certCommit}`,
    );
  }
}

function normaliseRepository(uri: string | undefined): string | undefined {
  return uri
    ?.toLowerCase()
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
}

function checkDigest(facts: BundleFacts, expected: string) {
  if (facts.subjects.some(s => s.digest === expected)) return;
  const algorithm = expected.split(':')[0];
  const claimed = facts.subjects.filter(s => s.digest.startsWith(`${algorithm}:`));
  throw new Failure(
    'digest-mismatch',
    claimed.length > 0
      ? `the signed subject digest ${claimed[0].digest} is not the artifact's ${expected}`
      : `the bundle signs no ${algorithm} digest, so it cannot vouch for ${expected}`,
  );
}

function classify(error: unknown, bundle: Bundle): Failure {
  if (error instanceof Failure) return error;
  if (error instanceof PolicyError) return new Failure('identity-mismatch', error.message);
  if (!(error instanceof VerificationError)) {
    return new Failure('malformed-bundle', (error as Error)?.message ?? String(error));
  }
  if (certificateSwapped(bundle)) {
    return new Failure(
      'untrusted-certificate',
      'the certificate is not the one the transparency log recorded for this signature',
    );
  }
  const cause = (error as { cause?: unknown }).cause;
  const message = cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  switch (error.code) {
    case 'SIGNATURE_ERROR':
      return new Failure('bad-signature', `the signature does not verify: ${message}`);
    case 'TLOG_BODY_ERROR':
      return /signature/.test(message)
        ? new Failure('bad-signature', `the signature is not the one the transparency log recorded (${message})`)
        : new Failure('tlog-mismatch', `the signed content is not what the transparency log recorded (${message})`);
    case 'CERTIFICATE_ERROR':
      if (/SCT/.test(message)) return new Failure('missing-sct', `no valid certificate transparency timestamp: ${message}`);
      if (/expired|not valid/.test(message)) {
        return new Failure('certificate-expired', `the certificate was not valid when the signature was logged: ${message}`);
      }
      return new Failure('untrusted-certificate', `the certificate does not chain to a trusted root: ${message}`);
    case 'PUBLIC_KEY_ERROR':
      return new Failure('untrusted-key', `the signing key is not trusted: ${message}`);
    case 'TIMESTAMP_ERROR':
      return new Failure('no-trusted-timestamp', `no trusted timestamp: ${message}`);
    case 'NOT_IMPLEMENTED_ERROR':
      return new Failure('unsupported', message);
    default:
      return new Failure('tlog-proof-invalid', `the transparency log entry does not verify: ${message}`);
  }
}

/** Whether the bundle's certificate differs from the one inside its transparency log entry. */
function certificateSwapped(bundle: Bundle): boolean {
  const leaf = leafCertificate(bundle);
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (!leaf || !entry) return false;
  try {
    const body = JSON.parse(entry.canonicalizedBody.toString('utf8'));
    const encoded: string | undefined =
      body?.spec?.signature?.publicKey?.content ??
      body?.spec?.content?.envelope?.signatures?.[0]?.publicKey ??
      body?.spec?.signatures?.[0]?.verifier;
    if (!encoded) return false;
    const logged = X509Certificate.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return !logged.equals(X509Certificate.parse(leaf));
  } catch {
    return false;
  }
}

function leafCertificate(bundle: Bundle): Buffer | undefined {
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'certificate') return material.certificate.rawBytes;
  if (material.$case === 'x509CertificateChain') {
    return material.x509CertificateChain.certificates[0]?.rawBytes;
  }
  return undefined;
}
