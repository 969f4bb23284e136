import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import {
  FINDING_STATUSES,
  FINDING_TYPES,
  FindingStatus,
  FindingType,
  SEVERITIES,
  Severity,
} from '@devsecops/plugin-security-common';

export interface FindingFilters {
  severity?: Severity;
  type?: FindingType;
  status?: FindingStatus;
  tool?: string;
  q?: string;
}

export function FilterSelect<T extends string>(props: {
  label: string;
  value: T | undefined;
  options: readonly T[];
  /** Shown instead of the option values, where those are ids. */
  labels?: Partial<Record<T, string>>;
  onChange(value: T | undefined): void;
}) {
  const id = `security-filter-${props.label.toLowerCase()}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 140 }}>
      <InputLabel id={id}>{props.label}</InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value ?? ''}
        onChange={e => props.onChange((e.target.value as T) || undefined)}
        SelectDisplayProps={
          { 'data-testid': `filter-${props.label.toLowerCase()}` } as React.HTMLAttributes<HTMLDivElement>
        }
      >
        <MenuItem value="">All</MenuItem>
        {props.options.map(o => (
          <MenuItem key={o} value={o}>
            {props.labels?.[o] ?? o}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

export function FindingsFilterBar(props: {
  filters: FindingFilters;
  tools: string[];
  onChange(filters: FindingFilters): void;
}) {
  const { filters, onChange } = props;
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => {
    // Search as the user types, without a request per keystroke.
    const timer = setTimeout(() => {
      if ((filters.q ?? '') !== text) onChange({ ...filters, q: text });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  return (
    <Box display="flex" flexWrap="wrap" gridGap={12} p={2}>
      <TextField
        variant="outlined"
        size="small"
        label="Search"
        value={text}
        onChange={e => setText(e.target.value)}
        inputProps={{ 'aria-label': 'Search findings' }}
      />
      <FilterSelect label="Severity" value={filters.severity} options={SEVERITIES} onChange={severity => onChange({ ...filters, severity })} />
      <FilterSelect label="Type" value={filters.type} options={FINDING_TYPES} onChange={type => onChange({ ...filters, type })} />
      <FilterSelect label="Status" value={filters.status} options={FINDING_STATUSES} onChange={status => onChange({ ...filters, status })} />
      <FilterSelect label="Tool" value={filters.tool} options={props.tools} onChange={tool => onChange({ ...filters, tool })} />
    </Box>
  );
}
