/**
 * Extension points and helpers for modules of the Backstage security suite.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './extensions';
export {
  JsonSelectScanner,
  JsonStreamError,
  formatPath,
} from './json/JsonSelectScanner';
export type {
  JsonPath,
  JsonSelector,
  SelectedValue,
  JsonSelectScannerOptions,
} from './json/JsonSelectScanner';
export { selectJsonValues } from './json/selectJsonValues';
export * from './values';
