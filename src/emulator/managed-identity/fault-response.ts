import type { FaultShape } from "../faults/fault-response.js";
import { IMDS_FAULT_BODIES } from "./error-bodies.js";

/**
 * How the managed identity endpoints answer an injected fault without a body: IMDS's documented
 * body for the status, else an IMDS-shaped `{"error":"unknown",...}` naming it.
 *
 * @example
 * if (fault !== undefined) return faultResponse(fault, MANAGED_IDENTITY_FAULT_SHAPE);
 */
export const MANAGED_IDENTITY_FAULT_SHAPE: FaultShape = {
  headers: { "content-type": "application/json; charset=utf-8" },
  defaultBody: (status) =>
    JSON.stringify(
      IMDS_FAULT_BODIES[status] ?? {
        error: "unknown",
        error_description: `The managed identity endpoint answered HTTP ${status}.`,
      },
    ),
};
