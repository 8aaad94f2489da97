/**
 * What the control API of one running emulator needs: the token its callers present, the Azure
 * Pipelines `System.AccessToken` the OIDC endpoint accepts, and when the emulator started. The
 * control surface made from it (`createControlSurface(config)`) belongs to that emulator alone.
 *
 * @example
 * const config: ControlApiConfig = { token: "c0ntr0l", systemAccessToken: "p1pel1nes" };
 */
export interface ControlApiConfig {
  /** `KEYLESS_CONTROL_TOKEN`: `Authorization: Bearer <token>` on every control request. */
  token: string;
  /** `SYSTEM_ACCESSTOKEN`: what the Azure Pipelines OIDC endpoint accepts as `Authorization: Bearer`. */
  systemAccessToken: string;
  /** Ids of faults added at run time continue after this one (`fault-<n+1>`, ...); default 0. */
  faultCounter?: number;
  /** Emulated time the emulator started at (epoch ms), for `GET /_keyless/health`. */
  startedAt?: number;
}
