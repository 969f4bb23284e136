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
    const occurrence = this.occurrences.next(digest, positionOf(f), detailOf(f));
    const hex = digest.toString('hex');
    return occurrence === 0 ? hex : hash('sha256', `${hex}#${occurrence}`);
  }
}

/**
 * The first line of the quoted code (an IaC scanner quotes the whole resource, whose other
 * lines change as its other findings get fixed), spacing ignored; else the message, but not a
 * vulnerability's, which scanners rewrite as advisories change (a fixed version appears, the
 * severity is revised) while the vulnerability stays the same.
 */
function anchorOf(f: FindingInput): string {
  const firstLine = f.location?.snippet
    ?.split('\n')
    .find(line => line.trim())
    ?.replace(/\s+/g, ' ')
    .trim();
  if (firstLine) return `code:${firstLine}`;
  return f.type === 'vulnerability' ? '' : `message:${f.message ?? ''}`;
}

/**
 * What tells two results at one line apart: the column and the message (FNV-1a). Equal in
 * both, the second is a repeat of the first.
 */
function detailOf(f: FindingInput): number {
  const text = `${f.location?.startColumn ?? ''}\u0000${f.message ?? ''}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function positionOf(f: FindingInput): number {
  const line = f.location?.startLine;
  return line !== undefined && Number.isSafeInteger(line) && line >= 0 && line <= MAX_POSITION
    ? line
    : -1;
}
