/**
 * The part of the WebAssembly global the engine uses. Node has it at run time; TypeScript
 * declares it only with the DOM or WebWorker libs, which this Node project does not load.
 */
declare namespace WebAssembly {
  interface Module {
    readonly __brand?: "WebAssembly.Module";
  }
  const Module: { new (bytes: ArrayBufferView | ArrayBuffer): Module };
}
