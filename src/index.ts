/** bulkhead's library API: check a plan, get the typed Report, format it. */
export * from "./engine";
export {
  formatters,
  setFormatters,
  render,
  type FormatName,
  type FormatOptions,
  type LibraryFormatter,
} from "./report";
