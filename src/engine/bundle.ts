import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { internalError } from "./errors";
import { packageRoot } from "./paths";

/** The compiled policy bundle shipped in the package: policies/dist/bulkhead.tar.gz. */
export interface PolicyBundle {
  /** policy.wasm, compiled once per process (and handed to worker threads as it is). */
  module: WebAssembly.Module;
  /** data.json of the bundle (catalogues, AWS managed policies) as JSON bytes. */
  data: Uint8Array;
  sha256: string;
}

export const bundleDir = join(packageRoot, "policies", "dist");
export const bundlePath = join(bundleDir, "bulkhead.tar.gz");

/** Reads the bundle and checks it against the sha256 recorded when it was built. */
export function readBundle(path = bundlePath): PolicyBundle {
  let bytes: Buffer;
  let recorded: string;
  try {
    bytes = readFileSync(path);
    recorded = readFileSync(`${path}.sha256`, "utf8").split(/\s+/)[0];
  } catch (e) {
    throw internalError(`policy bundle missing at ${path} (run npm run policy:build): ${(e as Error).message}`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== recorded) {
    throw internalError(`policy bundle ${path} does not match its recorded sha256: it was modified after the build`);
  }
  const files = untar(gunzipSync(bytes));
  const wasm = files.get("policy.wasm");
  const data = files.get("data.json");
  if (!wasm || !data) throw internalError(`policy bundle ${path} lacks policy.wasm or data.json`);
  return { module: new WebAssembly.Module(wasm), data, sha256 };
}

/** Regular files of a ustar archive, by name without a leading "/". */
function untar(tar: Buffer): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = cString(header.subarray(0, 100));
    const prefix = cString(header.subarray(345, 500));
    const size = parseInt(cString(header.subarray(124, 136)).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 48);
    const start = offset + 512;
    if (type === "0") {
      const full = (prefix ? `${prefix}/${name}` : name).replace(/^\/+/, "");
      files.set(full, tar.subarray(start, start + size));
    }
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString("utf8");
}
