import type { EmulatorContext } from "../app/context.js";
import type { EmulatorRequest } from "./emulator-request.js";
import type { EmulatorResponse } from "./emulator-response.js";

/**
 * One thing the emulator serves (Entra ID, managed identity, ARM, the data plane, the control API).
 * The request handler walks its table of surfaces and gives the request to the first that claims it.
 *
 * @example
 * const imds: Surface = { name: "imds", claims: (r) => r.url.pathname.startsWith("/metadata/identity"), handle };
 */
export interface Surface {
  name: string;
  claims(request: EmulatorRequest): boolean;
  handle(request: EmulatorRequest, context: EmulatorContext): Promise<EmulatorResponse>;
}
