/**
 * A request as every emulator surface sees it, whatever way it arrived.
 *
 * `host` is the *virtual* host: the real Azure host name in proxy mode (from SNI / Host), or the
 * `/_host/<hostname>` path prefix in direct mode (stripped from `url.pathname`), or `"emulator"` for
 * plain direct requests (Entra and IMDS paths at the root).
 */
export interface EmulatorRequest {
  method: string;
  /** Full URL with the virtual host's path (the `/_host/<h>` prefix removed). */
  url: URL;
  /** Lower-case virtual host without port. */
  host: string;
  headers: Headers;
  /** Raw body text ("" when none). */
  body: string;
  /** Peer address, for network rules. */
  remoteAddress: string;
  /** How the request reached us. */
  via: "direct" | "proxy";
  /** Whether the client spoke TLS to us. */
  secure: boolean;
}
