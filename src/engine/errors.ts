/** Why a check could not run. Every error carries a one-line, user-facing message. */
export type ErrorKind = "usage" | "input" | "internal";

export class BulkheadError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message.replace(/\s*\n\s*/g, " "));
    this.name = "BulkheadError";
  }
}

export const inputError = (message: string): BulkheadError => new BulkheadError("input", message);
export const usageError = (message: string): BulkheadError => new BulkheadError("usage", message);
export const internalError = (message: string): BulkheadError => new BulkheadError("internal", message);
