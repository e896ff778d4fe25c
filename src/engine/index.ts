export { Engine, checkPlan, reportSet, version, type CheckOptions } from "./check";
export { parseConfig, type OrgConfig } from "./config";
export { parseWaivers } from "./waivers";
export { BulkheadError, type ErrorKind } from "./errors";
export type * from "./types";
