import { CheckStatus, RequirementStatus } from '@devsecops/plugin-security-common';
import { ColorChip } from '../ColorChip';

const GREY = '#757575';

/** Green from 90 %, amber from 70 %, red below; grey when nothing was assessed. */
export function scoreColor(score: number | undefined): string {
  if (score === undefined) return GREY;
  if (score >= 90) return '#2e7d32';
  if (score >= 70) return '#ef6c00';
  return '#c62828';
}

export function ScoreChip(props: { label: string; score?: number; testId?: string }) {
  const value = props.score === undefined ? 'not assessed' : `${props.score}%`;
  return (
    <ColorChip
      label={`${props.label} ${value}`}
      color={scoreColor(props.score)}
      testId={props.testId ?? 'compliance-score'}
    />
  );
}

const STATUS_COLORS: Record<RequirementStatus | CheckStatus, string> = {
  failed: '#c62828',
  fail: '#c62828',
  passed: '#2e7d32',
  pass: '#2e7d32',
  'not-assessed': GREY,
};

/** The outcome of a requirement or of one of its checks. */
export function OutcomeChip(props: { status: RequirementStatus | CheckStatus }) {
  return (
    <ColorChip
      label={props.status.replace('-', ' ')}
      color={STATUS_COLORS[props.status]}
      testId={`outcome-${props.status}`}
      textTransform="uppercase"
    />
  );
}
