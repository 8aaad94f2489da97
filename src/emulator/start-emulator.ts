import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { createClock } from "./app/clock.js";
import type { Clock, EmulatorContext, EmulatorUrls, RequestLogEntry } from "./app/context.js";
import { createEmulatorApp } from "./app/create-emulator-app.js";
import { readEmulatorState, worldFingerprint, writeEmulatorState } from "./app/emulator-state.js";
import { deny } from "./app/request-decision.js";
import { createRequestLog } from "./app/request-log.js";
import { type CliShimName, writeCliShims } from "./control/cli-shims.js";
import { CONTROL_PATH_PREFIX } from "./control/control-surface.js";
import { FEDERATED_ISSUER_KEY_SET } from "./entra/federated-token.js";
import { createSigningKeyStore } from "./entra/signing-keys.js";
import { issueEntraAccessToken } from "./entra/token-service.js";
import { type EndpointMode, emulatorEnv } from "./env/emulator-env.js";
import { writeFetchProxyPreload } from "./env/fetch-proxy-preload.js";
import { writeWorkloadIdentityToken } from "./env/workload-identity-token.js";
import { servesProxyHost } from "./http/proxy-hosts.js";
import { startEmulatorServer } from "./http/server.js";
import { getScenario, listScenarioNames } from "./scenarios/index.js";
import { createLocalCa } from "./tls/local-ca.js";
import { validateWorld } from "./world/load-world.js";
import type { World } from "./world/model.js";
import { resolveWorld } from "./world/resolve-world.js";
import type { WorldDocument, WorldInput } from "./world/schema.js";

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * const options: StartEmulatorOptions = { scenario: "seed-000", port: 0 };
 */
export interface StartEmulatorOptions {
  /** The world (as a world file would declare it); wins over `scenario`. */
  world?: WorldInput | WorldDocument;
  /** A built-in scenario name; default `default`. */
  scenario?: string;
  /** Label for error messages about `world`; default `world`. */
  worldSource?: string;
  /** HTTPS port; `0` (default) picks a free one. */
  port?: number;
  /** Plain-HTTP port; `0` (default) picks a free one. */
  httpPort?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Default: starts at the world's `startTime` (or now) and runs with real time. */
  clock?: Clock;
  /**
   * Directory for the CA certificate and generated client certificates; default a fresh temporary
   * directory, removed by `close()`. A directory given here is kept, and with it the emulator's
   * state (`emulator-state.json`: CA, signing keys, control and Pipelines tokens, the identity
   * header, the world as the control API left it, the emulated time), so the next start with the same directory and world
   * serves the same env file and still accepts the tokens it issued.
   *
   * @throws {EmulatorStateError} at start, when the directory holds another world's state.
   */
  stateDir?: string;
  /** Id source for trace ids and tokens (tests); default random. */
  newId?: () => string;
  /**
   * The `PATH` the emulator was started with (the standalone entry passes `process.env.PATH`); the
   * printed `PATH` is `<stateDir>/bin` followed by it. Default: the directory of the running Node
   * binary and the usual system directories, so the shims' `#!/usr/bin/env node` still finds Node.
   */
  path?: string;
  /** Called with every request log entry (already redacted), e.g. to print it. */
  onLog?: (entry: RequestLogEntry) => void;
  /** The control API token (`KEYLESS_CONTROL_TOKEN`); default 32 random bytes, new every start. */
  controlToken?: string;
  /** The Azure Pipelines `System.AccessToken` the OIDC endpoint accepts (`SYSTEM_ACCESSTOKEN`); default random. */
  systemAccessToken?: string;
  /**
   * The printed `AZURE_OPENAI_ENDPOINT`: `"proxy"` (default) the production URL through
   * `HTTPS_PROXY`, `"direct"` the `https://127.0.0.1:PORT/_host/<host>` form.
   */
  endpointMode?: EndpointMode;
}

/**
 * Files the emulator wrote for clients.
 *
 * @example
 * const files: EmulatorFiles = { caCertificate: "/tmp/k/ca.pem", clientCertificates: { "app/app-cert": "/tmp/k/app-app-cert.pem" } };
 */
export interface EmulatorFiles {
  /** The local CA certificate (PEM): `NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE`. */
  caCertificate: string;
  /** Generated certificate credentials, key + certificate in one PEM, by `<application>/<certificate>`. */
  clientCertificates: Record<string, string>;
  /** The directory of the `az` / `azd` shims (first on the printed `PATH`). */
  binDir: string;
  /**
   * The shims written, by CLI: a forwarding script for a CLI the world has installed, a stand-in
   * that answers like a missing command (exit 127) for one it has not.
   */
  cliShims: Partial<Record<CliShimName, string>>;
  /**
   * A workload identity (Kubernetes service account) token for the default application's
   * federated credential, for `AZURE_FEDERATED_TOKEN_FILE` (not printed: with it
   * ManagedIdentityCredential() would switch to token exchange).
   */
  workloadIdentityToken?: string;
  /** The preload that routes Node's `fetch` through the proxy (`NODE_OPTIONS=--import=...`). */
  fetchProxyPreload?: string;
}

/**
 * A running emulator.
 *
 * @example
 * const emulator = await startEmulator({ scenario: "default" });
 * try { ... } finally { await emulator.close(); }
 */
export interface RunningEmulator {
  /** `KEY=VALUE` environment for clients (see {@link emulatorEnv}). */
  env: Record<string, string>;
  urls: EmulatorUrls;
  /** The resolved world (the same object the handlers use). */
  world: World;
  context: EmulatorContext;
  stateDir: string;
  files: EmulatorFiles;
  /** The control API: `url` is `KEYLESS_CONTROL_URL`, `token` is `KEYLESS_CONTROL_TOKEN`. */
  control: { url: string; token: string };
  /**
   * The secret this emulator's App Service (`X-IDENTITY-HEADER`) and Service Fabric (`secret`)
   * endpoints expect; the env's `IDENTITY_HEADER` when the default host is of one of those kinds.
   * Kept in the state directory with `stateDir`.
   */
  identityHeader: string;
  /**
   * The local CA certificate (PEM) every emulator host's certificate chains to: trust it in-process,
   * e.g. `diagnose({ endpoint, env: emulator.env, ca: emulator.ca })`, where `NODE_EXTRA_CA_CERTS`
   * (read only when a process starts) cannot.
   */
  ca: string;
  close(): Promise<void>;
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * Starts the emulator: validates and resolves the world (a given one or a built-in scenario),
 * creates the local CA and writes its certificate (and generated client certificates) to the state
 * directory, builds its own emulator app (`createEmulatorApp`: context, surfaces, identity header,
 * control API with a fresh random control token), listens on HTTPS (direct mode, `/_host/` routing) and plain HTTP
 * (managed identity endpoints, proxy mode), then writes the `az` / `azd` shims into
 * `<stateDir>/bin` and a workload identity token file, and computes the printed environment.
 *
 * @throws {WorldFileError} for an invalid world; {@link RangeError} for an unknown scenario.
 * @example
 * const emulator = await startEmulator({ scenario: "default" });
 * spawn("node", ["app.js"], { env: { ...process.env, ...emulator.env } });
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  let input: unknown = options.world;
  let source = options.worldSource ?? "world";
  if (input === undefined) {
    const name = options.scenario ?? "default";
    const scenario = getScenario(name);
    if (scenario === undefined) {
      throw new RangeError(
        `unknown scenario "${name}"; use one of: ${listScenarioNames().join(", ")}, or pass a world file`,
      );
    }
    input = scenario.world;
    source = `scenario "${name}"`;
  }
  const doc = validateWorld(structuredClone(input), source);
  const ownStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), "keyless-emulator-")));
  await mkdir(stateDir, { recursive: true });
  // A kept state directory carries the CA, keys, tokens and world of the last run into this one.
  const fingerprint = worldFingerprint(doc);
  const saved = ownStateDir ? undefined : await readEmulatorState(stateDir, fingerprint, source);
  const start = saved?.now ?? (doc.startTime === undefined ? undefined : Date.parse(doc.startTime));
  const clock = options.clock ?? createClock(start === undefined ? {} : { start });
  const world = saved?.world ?? (await resolveWorld(doc, { now: clock.now(), sourceName: source }));
  const ca = await createLocalCa(saved === undefined ? {} : { saved: saved.ca });
  const files: EmulatorFiles = {
    caCertificate: join(stateDir, "ca.pem"),
    clientCertificates: {},
    binDir: join(stateDir, "bin"),
    cliShims: {},
  };
  await writeFile(files.caCertificate, ca.caPem);
  for (const app of world.applications) {
    for (const cert of app.certificates) {
      if (cert.privateKeyPem === undefined) continue;
      const path = join(stateDir, `${fileSafe(app.name)}-${fileSafe(cert.name)}.pem`);
      const pem = [cert.privateKeyPem, cert.certificatePem].map((block) =>
        block.endsWith("\n") ? block : `${block}\n`,
      );
      await writeFile(path, pem.join(""), { mode: 0o600 });
      await chmod(path, 0o600);
      files.clientCertificates[`${app.name}/${cert.name}`] = path;
    }
  }

  const keys = await createSigningKeyStore(
    [...world.tenants.map((t) => t.id), FEDERATED_ISSUER_KEY_SET],
    saved === undefined ? {} : { saved: saved.signingKeys },
  );
  const controlToken = options.controlToken ?? saved?.controlToken ?? randomBytes(32).toString("base64url");
  const systemAccessToken =
    options.systemAccessToken ?? saved?.systemAccessToken ?? randomBytes(32).toString("base64url");
  const identityHeader = saved?.identityHeader ?? randomBytes(24).toString("base64url");
  const app = await createEmulatorApp({
    world,
    clock,
    keys,
    log: createRequestLog(options.onLog === undefined ? {} : { onRecord: options.onLog }),
    ...(options.newId === undefined ? {} : { newId: options.newId }),
    identityHeader,
    // Arc challenge files msal-node cannot be given (not root) go into the state directory.
    arcFallbackDirectory: join(stateDir, "arc-tokens"),
    control: { token: controlToken, systemAccessToken, startedAt: clock.now() },
  });
  const { context } = app;
  const saveState = async () => {
    if (ownStateDir) return;
    const [savedCa, signingKeys] = await Promise.all([ca.exportCa(), keys.exportKeys()]);
    await writeEmulatorState(stateDir, {
      version: 1,
      source,
      fingerprint,
      ca: savedCa,
      signingKeys,
      controlToken,
      systemAccessToken,
      identityHeader,
      world: context.world,
      now: clock.now(),
    });
  };
  await saveState();
  let server: Awaited<ReturnType<typeof startEmulatorServer>>;
  try {
    server = await startEmulatorServer({
      handler: app.handle,
      ca,
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.httpPort === undefined ? {} : { httpPort: options.httpPort }),
      servesHost: (host, scheme) => servesProxyHost(context.world, host, scheme),
      onRefused: (refusal) =>
        context.log.record({
          time: context.clock.now(),
          surface: "proxy",
          method: refusal.method,
          host: refusal.host,
          path: "",
          status: 403,
          decision: deny("host-not-served", `proxy: ${refusal.reason}`),
        }),
    });
  } catch (error) {
    await app.close();
    if (ownStateDir) await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  context.urls.base = server.urls.base;
  context.urls.http = server.urls.http;

  const cleanUp = async () => {
    await server.close();
    await app.close();
    await saveState();
    if (ownStateDir) await rm(stateDir, { recursive: true, force: true });
    // The shims hold the control token; a state dir the caller keeps loses them.
    else for (const path of Object.values(files.cliShims)) await rm(path, { force: true });
  };
  let nodeOptions: string | undefined;
  try {
    files.cliShims = await writeCliShims({
      binDir: files.binDir,
      baseUrl: server.urls.http,
      token: controlToken,
      installed: { az: world.azureCli.installed, azd: world.azureDeveloperCli.installed },
    });
    const preload = await writeFetchProxyPreload();
    files.fetchProxyPreload = preload.path;
    nodeOptions = preload.nodeOption;
    const tokenFile = await writeWorkloadIdentityToken(context, join(stateDir, "azure-identity-token"));
    if (tokenFile !== undefined) files.workloadIdentityToken = tokenFile;
  } catch (error) {
    await cleanUp();
    throw error;
  }

  const adToken = await expiredAdToken(context, world);
  const startPath =
    options.path ?? [dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(delimiter);
  let closed = false;
  return {
    env: emulatorEnv(world, {
      urls: server.urls,
      caCertificatePath: files.caCertificate,
      now: clock.now(),
      controlToken,
      systemAccessToken,
      path: startPath === "" ? files.binDir : `${files.binDir}${delimiter}${startPath}`,
      identityHeader: app.identityHeader,
      ...(options.endpointMode === undefined ? {} : { endpointMode: options.endpointMode }),
      ...(nodeOptions === undefined ? {} : { nodeOptions }),
      ...(adToken === undefined ? {} : { adToken }),
    }),
    urls: server.urls,
    world,
    context,
    stateDir,
    files,
    ca: ca.caPem,
    identityHeader: app.identityHeader,
    control: { url: `${server.urls.base}${CONTROL_PATH_PREFIX.replace(/\/$/, "")}`, token: controlToken },
    async close() {
      if (closed) return;
      closed = true;
      await cleanUp();
    },
  };
}

const COGNITIVE_SERVICES_RESOURCE: Record<string, string> = {
  public: "https://cognitiveservices.azure.com",
  usgov: "https://cognitiveservices.azure.us",
  china: "https://cognitiveservices.azure.cn",
};

/**
 * `defaults.adToken: "expired"`: a token of the default application for Cognitive Services, signed
 * like any other but issued one lifetime and five minutes before the emulator's start, so it has
 * expired when the app first sends it (a static token pasted into the environment).
 */
async function expiredAdToken(context: EmulatorContext, world: World): Promise<string | undefined> {
  if (world.defaults.adToken !== "expired") return undefined;
  const app = world.applications.find((a) => a.name === world.defaults.application);
  const tenant = world.tenants.find((t) => t.id === app?.tenantId);
  if (app === undefined || tenant === undefined) return undefined;
  const issuedAt = context.clock.now() - world.tokenLifetimeMs - 5 * 60_000;
  const issued = await issueEntraAccessToken(
    {
      world: () => context.world,
      clock: { now: () => issuedAt, advance: () => {} },
      keys: context.keys,
      newId: context.newId,
    },
    { tenantId: tenant.id, principal: app, resource: COGNITIVE_SERVICES_RESOURCE[tenant.cloud] ?? "" },
  );
  return issued.accessToken;
}
