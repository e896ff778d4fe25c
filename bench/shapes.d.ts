/** Types of bench/shapes.js (plain CommonJS) for the TypeScript tests. */

export interface ShapeExpected {
  shape: string;
  /** Resource instances of the plan (changes and data sources read while planning). */
  instances: number;
  /** Planted findings per rule (and in total). */
  findings: { total: number; BH001: number; BH002: number };
  /** Every planted finding. */
  expected: { ruleId: "BH001" | "BH002"; address: string }[];
  /** The BH006 findings the shape is designed to produce once that rule exists. */
  bh006: number;
  /** Planted BH006 chains (shape bh006). */
  chains: number;
}

export const SHAPES: string[];
/** How often a unit is planted with a finding (every PLANT-th unit). */
export const PLANT: number;

/** A plan of exactly `size` instances of the shape, and what it plants. */
export function buildShape(name: string, size: number): { plan: Record<string, unknown>; expected: ShapeExpected };

/** Writes DIR/shape-NAME-SIZE.json and .expected.json. */
export function writeShape(name: string, size: number, dir: string): { file: string; expected: string };
