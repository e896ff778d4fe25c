export {
  Engine,
  checkPlan,
  loadConfigFile,
  loadWaiversFile,
  reportSet,
  version,
  type CheckOptions,
  type CheckPlanOptions,
} from "./check";
export type { ReadOptions } from "./sources";
export { parseConfig, type OrgConfig } from "./config";
export { parseWaivers } from "./waivers";
export { BulkheadError, type ErrorKind } from "./errors";
export type * from "./types";
export { reachFrom, findNode, type Reach, type Reached } from "./reach";
