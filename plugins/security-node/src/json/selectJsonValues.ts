import {
  JsonSelectScanner,
  JsonSelectScannerOptions,
  JsonSelector,
  SelectedValue,
} from './JsonSelectScanner';

/**
 * Streams the values at `selectors` out of a JSON byte stream, in document order.
 * The stream is read once; memory is bounded by the largest selected value.
 */
export async function* selectJsonValues(
  source: AsyncIterable<Buffer | string>,
  selectors: JsonSelector[],
  options?: JsonSelectScannerOptions,
): AsyncGenerator<SelectedValue> {
  const scanner = new JsonSelectScanner(selectors, options);
  for await (const chunk of source) {
    const values = scanner.push(
      typeof chunk === 'string' ? Buffer.from(chunk) : chunk,
    );
    for (const value of values) yield value;
  }
  for (const value of scanner.end()) yield value;
}
