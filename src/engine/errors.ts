/** Why a check could not run. Every error carries a one-line, user-facing message. */
export type ErrorKind = "usage" | "input" | "internal";

export class BulkheadError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    // One line, and linear in the message's length (no backtracking regex over user input).
    super(
      message
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .join(" "),
    );
    this.name = "BulkheadError";
  }
}

export const inputError = (message: string): BulkheadError => new BulkheadError("input", message);
export const usageError = (message: string): BulkheadError => new BulkheadError("usage", message);
export const internalError = (message: string): BulkheadError => new BulkheadError("internal", message);
