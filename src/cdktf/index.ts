/** The synth-time guard for CDKTF and CDK Terrain stacks (typed structurally: imports neither). */
export { Bulkhead, type GuardableConstruct, type GuardableStack, type GuardOptions } from "./guard";
export { planFromSynth, type SynthPlan } from "../engine/synth";
