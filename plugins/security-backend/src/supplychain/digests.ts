const ALGORITHMS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128, sha1: 40 };

/**
 * A digest as `algorithm:hex`, from the spellings pipelines use: `sha256:…`, an npm/SRI
 * integrity `sha512-<base64>`, or bare hex whose length names the algorithm.
 */
export function normaliseDigest(input: string): string | undefined {
  const value = input.trim();
  const prefixed = /^(sha1|sha256|sha384|sha512):([0-9a-fA-F]+)$/.exec(value);
  if (prefixed) return checked(prefixed[1], prefixed[2]);
  const sri = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (sri) return checked(sri[1], Buffer.from(sri[2], 'base64').toString('hex'));
  if (/^[0-9a-fA-F]+$/.test(value)) {
    const algorithm = Object.keys(ALGORITHMS).find(a => ALGORITHMS[a] === value.length);
    if (algorithm && algorithm !== 'sha1') return checked(algorithm, value);
  }
  return undefined;
}

function checked(algorithm: string, hex: string): string | undefined {
  return ALGORITHMS[algorithm] === hex.length ? `${algorithm}:${hex.toLowerCase()}` : undefined;
}

/** The in-toto/CycloneDX digest map (`{ sha256: hex }`) as normalised digests. */
export function digestsOf(map: unknown): string[] {
  if (!map || typeof map !== 'object') return [];
  const out: string[] = [];
  for (const [algorithm, value] of Object.entries(map as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    const digest = normaliseDigest(`${algorithm.toLowerCase().replace('-', '')}:${value}`);
    if (digest) out.push(digest);
  }
  return out;
}

export interface ArtifactRef {
  /** What identifies the artifact apart from its digest: image repository, package URL, file. */
  name: string;
  digest?: string;
}

/**
 * Splits an artifact reference into name and digest: `registry/repo:tag@sha256:…`,
 * `pkg:npm/name@1.0.0`, `name@sha512-…`, or a bare digest.
 */
export function parseArtifactRef(ref: string): ArtifactRef {
  const trimmed = ref.trim();
  const bare = normaliseDigest(trimmed);
  if (bare) return { name: bare, digest: bare };
  const at = trimmed.lastIndexOf('@');
  if (at > 0) {
    const digest = normaliseDigest(trimmed.slice(at + 1));
    if (digest) return { name: artifactName(trimmed.slice(0, at)), digest };
  }
  return { name: artifactName(trimmed) };
}

/**
 * The comparable name of an artifact: image references lose their tag, package URLs their
 * qualifiers and percent-encoding, so `pkg:npm/%40a/b@1` and `pkg:npm/@a/b@1` are one package.
 */
export function artifactName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.startsWith('pkg:')) {
    const withoutQualifiers = trimmed.replace(/[?#].*$/, '');
    try {
      return decodeURIComponent(withoutQualifiers).toLowerCase();
    } catch {
      return withoutQualifiers.toLowerCase();
    }
  }
  const lastSlash = trimmed.lastIndexOf('/');
  const colon = trimmed.lastIndexOf(':');
  return colon > lastSlash && lastSlash >= 0 ? trimmed.slice(0, colon) : trimmed;
}

/**
 * Whether a subject is the named artifact. A package URL named without a version stands for
 * every version of the package.
 */
export function sameArtifact(subjectName: string, expectedName: string): boolean {
  const subject = artifactName(subjectName);
  const expected = artifactName(expectedName);
  if (subject === expected) return true;
  return expected.startsWith('pkg:') && !purlVersion(expected) && withoutVersion(subject) === expected;
}

function purlVersion(purl: string): string | undefined {
  const at = purl.lastIndexOf('@');
  return at > purl.lastIndexOf('/') ? purl.slice(at + 1) : undefined;
}

function withoutVersion(purl: string): string {
  const version = purlVersion(purl);
  return version === undefined ? purl : purl.slice(0, -(version.length + 1));
}

/** Splits an annotation value listing artifacts by commas or new lines. */
export function parseArtifactList(value: string | undefined): ArtifactRef[] {
  if (!value) return [];
  return value
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean)
    .map(parseArtifactRef);
}
