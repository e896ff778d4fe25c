/** Types of bench/generate.js (plain CommonJS) for the TypeScript tests. */

export interface PlantedFinding {
  ruleId: "BH001" | "BH002";
  address: string;
  /** What was planted. */
  why: string;
}

export interface Expected {
  generator: string;
  seed: string;
  instances: number;
  /** Planted findings per rule (and in total). */
  findings: { total: number; BH001: number; BH002: number };
  /** Every planted finding, sorted by rule then address. */
  expected: PlantedFinding[];
  composition: {
    iamInstances: number;
    iamShare: number;
    actions: Record<string, number>;
    types: Record<string, number>;
  };
  /** Size of the plan file in bytes. */
  bytes: number;
}

export interface Generated {
  file: string;
  expectedFile: string;
  bytes: number;
  expected: Expected;
}

export const SIZES: number[];
export const DEFAULT_SEED: string;

/** Writes DIR/plan-N.json and DIR/plan-N.expected.json; same seed and size, same bytes. */
export function generate(instances: number, dir: string, seed?: string): Generated;
