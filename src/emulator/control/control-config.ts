import type { EmulatorContext } from "../context.js";

/**
 * What the control API of one running emulator needs: the token its callers present, the Azure
 * Pipelines `System.AccessToken` the OIDC endpoint accepts, and a counter for fault ids.
 *
 * @example
 * const config: ControlApiConfig = { token: "c0ntr0l", systemAccessToken: "p1pel1nes" };
 */
export interface ControlApiConfig {
  /** `KEYLESS_CONTROL_TOKEN`: `Authorization: Bearer <token>` on every control request. */
  token: string;
  /** `SYSTEM_ACCESSTOKEN`: what the Azure Pipelines OIDC endpoint accepts as `Authorization: Bearer`. */
  systemAccessToken: string;
  /** Ids of faults added at run time (`fault-1`, ...); starts at 0. */
  faultCounter?: number;
  /** Emulated time the emulator started at (epoch ms), for `GET /_keyless/health`. */
  startedAt?: number;
}

// The context is the lead's contract (no control fields), so the configuration rides beside it.
const configs = new WeakMap<EmulatorContext, ControlApiConfig>();

/**
 * Turns the control API on for a context: from now on `/_keyless/` requests to that context are
 * answered (and authenticated with `config.token`). Without it the control surface answers 404.
 *
 * @example
 * enableControlApi(ctx, { token: randomBytes(32).toString("base64url"), systemAccessToken });
 */
export function enableControlApi(ctx: EmulatorContext, config: ControlApiConfig): void {
  configs.set(ctx, config);
}

/**
 * The control API configuration of a context, if {@link enableControlApi} was called.
 *
 * @example
 * const config = controlApiConfig(ctx);
 */
export function controlApiConfig(ctx: EmulatorContext): ControlApiConfig | undefined {
  return configs.get(ctx);
}
