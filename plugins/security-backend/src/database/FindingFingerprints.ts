import { hash } from 'node:crypto';
import { FindingInput } from '@devsecops/plugin-security-node';
import { OccurrenceCounter } from './OccurrenceCounter';

const MAX_POSITION = 2 ** 31 - 1;

/**
 * Gives each finding of one report its identity within its scope (tool and source label).
 *
 * The tool's own fingerprint wins. Without one, the identity is what the finding is (rule,
 * file, package, and the flagged code when the report quotes it, else the message) plus its
 * occurrence number among equal findings in report order, never its line number: a finding
 * stays the same finding when code above it moves, as in code scanning.
 */
export class FindingFingerprints {
  private readonly occurrences = new OccurrenceCounter();

  of(f: FindingInput, scope: string): string {
    if (f.fingerprint) return hash('sha256', f.fingerprint);
    const basis = [
      scope,
      f.type,
      f.ruleId ?? f.title,
      f.location?.path ?? '',
      f.package?.purl ?? f.package?.name ?? '',
      f.package?.installedVersion ?? '',
      anchorOf(f),
    ].join('\u0000');
    const digest = hash('sha256', basis, 'buffer');
    const occurrence = this.occurrences.next(digest, positionOf(f));
    const hex = digest.toString('hex');
    return occurrence === 0 ? hex : hash('sha256', `${hex}#${occurrence}`);
  }
}

/**
 * The quoted code with its indentation and spacing ignored, else the message; but not the
 * message of a vulnerability, which scanners rewrite as advisories change (a fixed version
 * appears, the severity is revised) while the vulnerability stays the same.
 */
function anchorOf(f: FindingInput): string {
  const snippet = f.location?.snippet?.replace(/\s+/g, ' ').trim();
  if (snippet) return `code:${snippet}`;
  return f.type === 'vulnerability' ? '' : `message:${f.message ?? ''}`;
}

function positionOf(f: FindingInput): number {
  const line = f.location?.startLine;
  return line !== undefined && Number.isSafeInteger(line) && line >= 0 && line <= MAX_POSITION
    ? line
    : -1;
}
