export { Engine, checkPlan, version, type CheckOptions } from "./check";
export { BulkheadError, type ErrorKind } from "./errors";
export type * from "./types";
