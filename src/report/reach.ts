/** `bulkhead reach` as text: what one credential reaches, nearest first, and by which path. */
import type { Capability } from "../engine/types";
import type { Reach, Reached } from "../engine/reach";
import { describeRoute } from "./common";

function capability(r: Reached): string {
  const held = (c: Capability, what: string): string | undefined =>
    c.certain ? what : c.worst ? `${what} (only if unknown values are at their worst)` : undefined;
  const parts = [held(r.admin, "IAM admin"), held(r.backup, "backup deletion")].filter((p) => p !== undefined);
  return parts.length === 0 ? "" : `: ${parts.join(", ")}`;
}

const label = (r: Reached): string => (r.name === r.node ? r.node : `${r.name} (${r.node})`);

export function reachText(reach: Reach): string {
  const lines = [`${label(reach.source)}${capability(reach.source)}`];
  if (reach.reached.length === 0) lines.push("  reaches no other principal");
  else lines.push(`  reaches ${reach.reached.length} other principal${reach.reached.length === 1 ? "" : "s"}:`);
  for (const r of reach.reached) {
    lines.push(`  ${label(r)}${capability(r)}`, `    ${describeRoute(r.steps)}`);
  }
  const verdict = reach.both.certain
    ? "reaches IAM administration and backup deletion: one stolen credential destroys every backup"
    : reach.both.worst
      ? "may reach IAM administration and backup deletion once values unknown until apply are known"
      : "does not reach both IAM administration and backup deletion";
  lines.push("", `${reach.source.name} ${verdict}`);
  return `${lines.join("\n")}\n`;
}
