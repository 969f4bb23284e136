import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';

export function PageControls(props: {
  pageIndex: number;
  pageSize: number;
  shown: number;
  total?: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
  noun: string;
}) {
  const first = props.pageIndex * props.pageSize + (props.shown > 0 ? 1 : 0);
  const last = props.pageIndex * props.pageSize + props.shown;
  return (
    <Box display="flex" alignItems="center" justifyContent="flex-end" px={2} py={1}>
      <Typography variant="body2" data-testid="page-range">
        {props.total === undefined
          ? ''
          : `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${props.total.toLocaleString('en-US')} ${props.noun}`}
      </Typography>
      <IconButton aria-label="Previous page" disabled={!props.hasPrevious} onClick={props.onPrevious}>
        <ChevronLeft />
      </IconButton>
      <IconButton aria-label="Next page" disabled={!props.hasNext} onClick={props.onNext}>
        <ChevronRight />
      </IconButton>
    </Box>
  );
}

/** Page controls wired to a `useCursorPages` list. */
export function CursorPageControls(props: {
  pages: {
    page?: { items: unknown[]; totalCount: number };
    pageIndex: number;
    hasPrevious: boolean;
    hasNext: boolean;
    previous(): void;
    next(): void;
  };
  pageSize: number;
  noun: string;
}) {
  const { pages } = props;
  return (
    <PageControls
      pageIndex={pages.pageIndex}
      pageSize={props.pageSize}
      shown={pages.page?.items.length ?? 0}
      total={pages.page?.totalCount}
      hasPrevious={pages.hasPrevious}
      hasNext={pages.hasNext}
      onPrevious={pages.previous}
      onNext={pages.next}
      noun={props.noun}
    />
  );
}
