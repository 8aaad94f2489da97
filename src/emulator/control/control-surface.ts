import type { EmulatorContext } from "../app/context.js";
import { allow, deny } from "../app/request-decision.js";
import { formatRequestLogEntry } from "../app/request-log.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import { decodeComponent } from "../http/safe-text.js";
import type { Surface } from "../http/surface.js";
import { patchAccount } from "./account-patch.js";
import { answerAzCommand } from "./az-command.js";
import { answerAzdCommand } from "./azd-command.js";
import type { CliShimAnswer } from "./cli-shim-result.js";
import { CLI_SHIM_PATHS } from "./cli-shims.js";
import { hasBearerToken } from "./control-auth.js";
import type { ControlApiConfig } from "./control-config.js";
import {
  ControlInputError,
  controlError,
  controlJson,
  describeValue,
  parseJsonObject,
} from "./control-response.js";
import { controlFaultId, faultsFromInput } from "./fault-input.js";
import { answerPipelinesOidcRequest, PIPELINES_OIDC_PATH } from "./pipelines-oidc.js";
import { roleAssignmentFromInput } from "./role-assignment-input.js";
import { summarizeRoleAssignment, summarizeWorld } from "./world-summary.js";

/**
 * The most `POST clock/advance` moves the emulated clock in one call: ten years, in minutes. More
 * would take every time the emulator prints (token `exp`, Entra timestamps, the log) out of range.
 *
 * @example
 * MAX_CLOCK_ADVANCE_MINUTES; // 5256000
 */
export const MAX_CLOCK_ADVANCE_MINUTES = 10 * 525_600;

/** The latest time the emulated clock may show (four-digit years, as Azure prints them). */
const LATEST_CLOCK_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * The path prefix of the control API (on host `emulator`: the HTTPS and plain-HTTP listeners,
 * without `/_host/`). `KEYLESS_CONTROL_URL` is this prefix on the HTTPS origin, without the slash.
 *
 * @example
 * `${urls.base}${CONTROL_PATH_PREFIX}world`; // "https://127.0.0.1:8443/_keyless/world"
 */
export const CONTROL_PATH_PREFIX = "/_keyless/";

const DEFAULT_LOG_LIMIT = 100;

interface Route {
  method: string;
  /** Path after `/_keyless/`; `{x}` matches one segment. */
  pattern: string;
  handle(call: ControlCall): Promise<EmulatorResponse> | EmulatorResponse;
}

interface ControlCall {
  request: EmulatorRequest;
  ctx: EmulatorContext;
  config: ControlApiConfig;
  params: string[];
  /** The next id for a fault added through this control API. */
  nextFaultId(): string;
}

function body(call: ControlCall): Record<string, unknown> {
  return parseJsonObject(call.request.body);
}

function cliAnswer(answer: CliShimAnswer): EmulatorResponse {
  return controlJson(200, answer.result, answer.decision);
}

function cliArgv(call: ControlCall): string[] {
  const { argv } = body(call);
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== "string")) {
    throw new ControlInputError("argv", `must be a list of texts, not ${describeValue(argv)}`);
  }
  return argv as string[];
}

const ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: "health",
    handle: ({ ctx, config }) =>
      controlJson(
        200,
        {
          status: "ok",
          time: new Date(ctx.clock.now()).toISOString(),
          ...(config.startedAt === undefined ? {} : { startedAt: new Date(config.startedAt).toISOString() }),
          urls: { ...ctx.urls },
        },
        allow("control health"),
      ),
  },
  {
    method: "GET",
    pattern: "world",
    handle: ({ ctx }) =>
      controlJson(200, summarizeWorld(ctx.world, ctx.clock.now(), ctx.urls), allow("control world summary")),
  },
  {
    method: "POST",
    pattern: "role-assignments",
    handle: (call) => {
      const { world, clock } = call.ctx;
      const assignment = roleAssignmentFromInput(world, body(call), clock.now());
      const existing = world.roleAssignments.find((a) => a.id === assignment.id);
      if (existing !== undefined) {
        return controlError(
          409,
          "RoleAssignmentExists",
          `the role assignment already exists (id ${existing.id}: ${existing.roleName} for ${existing.principalId} at ${existing.scope}); delete it first to re-create it`,
        );
      }
      world.roleAssignments.push(assignment);
      const summary = summarizeRoleAssignment(world, assignment, clock.now());
      return controlJson(
        201,
        summary,
        allow(
          `control: created ${assignment.roleName} for ${assignment.principalId} at ${assignment.scope}, effective at ${summary.effectiveAt}`,
        ),
      );
    },
  },
  {
    method: "DELETE",
    pattern: "role-assignments/{id}",
    handle: ({ ctx, params }) => {
      const id = (params[0] ?? "").toLowerCase();
      const index = ctx.world.roleAssignments.findIndex((a) => a.id === id);
      const removed = index < 0 ? undefined : ctx.world.roleAssignments[index];
      if (removed === undefined) {
        return controlError(
          404,
          "RoleAssignmentNotFound",
          `no role assignment has id "${params[0] ?? ""}"; GET /_keyless/world lists them`,
        );
      }
      ctx.world.roleAssignments.splice(index, 1);
      return controlJson(
        200,
        summarizeRoleAssignment(ctx.world, removed, ctx.clock.now()),
        allow(
          `control: deleted role assignment ${removed.id} (${removed.roleName} for ${removed.principalId})`,
        ),
      );
    },
  },
  {
    method: "POST",
    pattern: "clock/advance",
    handle: (call) => {
      const input = body(call);
      for (const key of Object.keys(input)) {
        if (key !== "minutes")
          throw new ControlInputError(key, 'is not a known field; send {"minutes": <number>}');
      }
      const { minutes } = input;
      if (minutes === undefined) throw new ControlInputError("minutes", 'is required, e.g. {"minutes": 10}');
      if (typeof minutes !== "number" || !Number.isFinite(minutes) || minutes < 0) {
        throw new ControlInputError("minutes", `must be a number >= 0, not ${describeValue(minutes)}`);
      }
      if (minutes > MAX_CLOCK_ADVANCE_MINUTES) {
        throw new ControlInputError(
          "minutes",
          `must be at most ${MAX_CLOCK_ADVANCE_MINUTES} (ten years) per call, not ${describeValue(minutes)}`,
        );
      }
      if (call.ctx.clock.now() + minutes * 60_000 > LATEST_CLOCK_TIME) {
        throw new ControlInputError(
          "minutes",
          `would move the emulated clock past ${new Date(LATEST_CLOCK_TIME).toISOString()}, the latest time it shows`,
        );
      }
      call.ctx.clock.advance(minutes * 60_000);
      const time = new Date(call.ctx.clock.now()).toISOString();
      return controlJson(200, { time }, allow(`control: clock advanced ${minutes} min to ${time}`));
    },
  },
  {
    method: "POST",
    pattern: "faults",
    handle: (call) => {
      let input: unknown;
      try {
        input = JSON.parse(call.request.body === "" ? "null" : call.request.body);
      } catch {
        throw new ControlInputError("", "the body is not JSON; send a fault object or a list of them");
      }
      if (input === null || typeof input !== "object") {
        throw new ControlInputError("", "the body must be a fault object or a list of them");
      }
      const faults = faultsFromInput(input, call.nextFaultId);
      call.ctx.world.faults.push(...faults);
      const ids = faults.map((f) => f.id);
      return controlJson(
        201,
        { faults: faults.map((f) => ({ id: f.id, target: f.target, status: f.status })) },
        allow(`control: added ${faults.length} fault(s) ${ids.join(", ")}`),
      );
    },
  },
  {
    method: "DELETE",
    pattern: "faults",
    handle: ({ ctx }) => {
      const removed = ctx.world.faults.length;
      ctx.world.faults.splice(0, removed);
      return controlJson(200, { removed }, allow(`control: removed ${removed} fault(s)`));
    },
  },
  {
    method: "POST",
    pattern: "keys/rotate",
    handle: async (call) => {
      const input = body(call);
      for (const key of Object.keys(input)) {
        if (key !== "tenant")
          throw new ControlInputError(key, 'is not a known field; send {"tenant": <name or id>}');
      }
      const { tenant } = input;
      if (tenant === undefined)
        throw new ControlInputError("tenant", 'is required, e.g. {"tenant": "contoso"}');
      if (typeof tenant !== "string") {
        throw new ControlInputError("tenant", `must be a tenant name or id, not ${describeValue(tenant)}`);
      }
      const wanted = tenant.toLowerCase();
      const found = call.ctx.world.tenants.find(
        (t) => t.name === tenant || t.id === wanted || t.domain === wanted,
      );
      if (found === undefined) {
        throw new ControlInputError(
          "tenant",
          `"${tenant}" is not a tenant of the world (by name, id or domain)`,
        );
      }
      await call.ctx.keys.rotate(found.id);
      const kids = call.ctx.keys.jwks(found.id).keys.map((k) => String(k.kid));
      return controlJson(
        200,
        { tenant: found.name, tenantId: found.id, kids },
        allow(`control: rotated the signing key of tenant ${found.name} (${found.id})`),
      );
    },
  },
  {
    method: "PATCH",
    pattern: "accounts/{name}",
    handle: (call) => {
      const name = call.params[0] ?? "";
      const account = call.ctx.world.accounts.find((a) => a.name === name);
      if (account === undefined) {
        return controlError(
          404,
          "AccountNotFound",
          `no account is named "${name}"; GET /_keyless/world lists them`,
        );
      }
      patchAccount(account, body(call));
      const summary = summarizeWorld(call.ctx.world, call.ctx.clock.now(), call.ctx.urls).accounts.find(
        (a) => a.name === name,
      );
      return controlJson(
        200,
        summary,
        allow(
          `control: account ${name} now disableLocalAuth=${account.disableLocalAuth} publicNetworkAccess=${account.publicNetworkAccess} defaultAction=${account.networkRules.defaultAction}`,
        ),
      );
    },
  },
  {
    method: "GET",
    pattern: "log",
    handle: ({ ctx, request }) => {
      const raw = request.url.searchParams.get("limit");
      let limit = DEFAULT_LOG_LIMIT;
      if (raw !== null) {
        if (!/^\d+$/.test(raw) || Number(raw) < 1) {
          throw new ControlInputError(
            "limit",
            `must be a positive integer, not the text ${JSON.stringify(raw)}`,
          );
        }
        limit = Number(raw);
      }
      const entries = ctx.log.entries().slice(-limit);
      return controlJson(
        200,
        {
          entries: entries.map((entry) => ({
            ...entry,
            time: new Date(entry.time).toISOString(),
            line: formatRequestLogEntry(entry),
          })),
        },
        allow(`control log (${entries.length} entries)`),
      );
    },
  },
  {
    method: "POST",
    pattern: CLI_SHIM_PATHS.az.slice(CONTROL_PATH_PREFIX.length),
    handle: async (call) => cliAnswer(await answerAzCommand(call.ctx, cliArgv(call))),
  },
  {
    method: "POST",
    pattern: CLI_SHIM_PATHS.azd.slice(CONTROL_PATH_PREFIX.length),
    handle: async (call) => cliAnswer(await answerAzdCommand(call.ctx, cliArgv(call))),
  },
];

function match(pattern: string, path: string): string[] | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: string[] = [];
  for (const [i, part] of want.entries()) {
    const segment = got[i] ?? "";
    if (part.startsWith("{")) {
      if (segment === "") return undefined;
      params.push(decodeComponent(segment));
    } else if (part !== segment) return undefined;
  }
  return params;
}

function claims(request: EmulatorRequest): boolean {
  const path = request.url.pathname;
  return request.host === "emulator" && (path === "/_keyless" || path.startsWith(CONTROL_PATH_PREFIX));
}

/**
 * The control API surface (`/_keyless/...` on host `emulator`), first in the emulator's surface
 * table. The Azure Pipelines OIDC endpoint ({@link PIPELINES_OIDC_PATH}) authenticates with the
 * emulator's `SYSTEM_ACCESSTOKEN`; every other route needs `Authorization: Bearer
 * <KEYLESS_CONTROL_TOKEN>` (compared in constant time; 401 JSON otherwise):
 *
 * - `GET health`, `GET world` (redacted summary), `GET log?limit=N` (the redacted request log);
 * - `POST role-assignments` `{principal, role, scope, createdMinutesAgo?}`, `DELETE role-assignments/{id}`;
 * - `POST clock/advance` `{minutes}`; `POST faults` (world-file fault shape, one or a list), `DELETE faults`;
 * - `POST keys/rotate` `{tenant}`; `PATCH accounts/{name}` `{disableLocalAuth?, publicNetworkAccess?, networkRules?}`;
 * - `POST cli/az`, `POST cli/azd` `{argv}`: what the `az` / `azd` shims run.
 *
 * Bad input is 400 `{"error":{"code":"InvalidField","field","message"}}` (`InvalidBody` without
 * `field` when the body itself is unusable); unknown paths 404, wrong
 * methods 405. Without a `config` (an emulator whose control API is off) every path is 404.
 *
 * @example
 * const control = createControlSurface({ token: randomBytes(32).toString("base64url"), systemAccessToken });
 * const handle = createRequestHandler([control, createEntraSurface()]);
 */
export function createControlSurface(config?: ControlApiConfig): Surface {
  let faultCounter = config?.faultCounter ?? 0;
  const nextFaultId = () => {
    faultCounter += 1;
    return controlFaultId(faultCounter);
  };
  return {
    name: "control",
    claims,
    handle: (request, ctx) => handleControl(request, ctx, config, nextFaultId),
  };
}

async function handleControl(
  request: EmulatorRequest,
  ctx: EmulatorContext,
  config: ControlApiConfig | undefined,
  nextFaultId: () => string,
): Promise<EmulatorResponse> {
  if (config === undefined) {
    return controlError(404, "NotFound", "The control API is not enabled on this emulator.");
  }
  if (request.url.pathname === PIPELINES_OIDC_PATH) {
    return answerPipelinesOidcRequest(request, ctx, config.systemAccessToken);
  }
  if (!hasBearerToken(request.headers.get("authorization"), config.token)) {
    const response = controlError(
      401,
      "Unauthorized",
      'The control API needs "Authorization: Bearer <KEYLESS_CONTROL_TOKEN>" (the token "keyless emulator" printed).',
      undefined,
      deny("invalid-credentials", "control: missing or wrong control token"),
    );
    response.headers["www-authenticate"] = 'Bearer realm="keyless-control"';
    return response;
  }
  const path = request.url.pathname.slice(CONTROL_PATH_PREFIX.length);
  const matching = ROUTES.map((route) => ({ route, params: match(route.pattern, path) })).filter(
    (candidate) => candidate.params !== undefined,
  );
  if (matching.length === 0) {
    return controlError(
      404,
      "NotFound",
      `no control route at ${request.method} ${request.url.pathname}; routes: ${ROUTES.map((r) => `${r.method} ${CONTROL_PATH_PREFIX}${r.pattern}`).join(", ")}`,
    );
  }
  const chosen = matching.find((candidate) => candidate.route.method === request.method);
  if (chosen === undefined) {
    const allowed = matching.map((candidate) => candidate.route.method);
    const response = controlError(
      405,
      "MethodNotAllowed",
      `${request.url.pathname} answers ${allowed.join(", ")}, not ${request.method}`,
    );
    response.headers.allow = allowed.join(", ");
    return response;
  }
  try {
    return await chosen.route.handle({ request, ctx, config, params: chosen.params ?? [], nextFaultId });
  } catch (error) {
    if (error instanceof ControlInputError) {
      return error.field === ""
        ? controlError(400, "InvalidBody", error.message)
        : controlError(400, "InvalidField", error.message, error.field);
    }
    throw error;
  }
}
