/**
 * The request headers a surface reads: by name, case-insensitively, `null` when absent. A Fetch
 * `Headers` is one; the server passes a view of Node's parsed headers (no copy per request).
 *
 * @example
 * const headers: RequestHeaders = new Headers({ "api-key": "0123" });
 * headers.get("API-Key"); // "0123"
 */
export interface RequestHeaders {
  get(name: string): string | null;
}

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
  headers: RequestHeaders;
  /** Raw body text ("" when none). */
  body: string;
  /** Peer address, for network rules. */
  remoteAddress: string;
  /** How the request reached us. */
  via: "direct" | "proxy";
  /** Whether the client spoke TLS to us. */
  secure: boolean;
}
