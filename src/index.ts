/** bulkhead's library API: check a plan, get the typed Report. */
export * from "./engine";
