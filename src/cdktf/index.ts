/** The synth-time guard for CDKTF stacks (imports cdktf; the package root does not). */
export { Bulkhead, type GuardOptions } from "./guard";
export { planFromSynth, type SynthPlan } from "../engine/synth";
