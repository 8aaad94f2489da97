import type { CloudName } from "../../knowledge/clouds.js";
import type { EmulatorContext } from "../app/context.js";
import { allow, deny } from "../app/request-decision.js";
import { parseScopeParameter } from "../entra/scope-request.js";
import type { Application, CliSignIn, Subscription, Tenant, User } from "../world/model.js";
import { CLI_HANG_MS, type CliShimAnswer, type CliShimResult, parseCliArgs } from "./cli-shim-result.js";
import { cliToken, formatCliEntraFailure } from "./cli-token.js";

/**
 * What the Azure CLI prints when nobody is signed in (`azure.cli.core._profile._AZ_LOGIN_MESSAGE`).
 *
 * @example
 * stderr === `ERROR: ${AZ_NOT_LOGGED_IN}\n`;
 */
export const AZ_NOT_LOGGED_IN = "Please run 'az login' to setup account.";

/**
 * The Azure CLI version the shim reports.
 *
 * @example
 * JSON.parse(stdout)["azure-cli"] === AZ_SHIM_VERSION;
 */
export const AZ_SHIM_VERSION = "2.67.0";

const VALUED: ReadonlySet<string> = new Set([
  "output",
  "query",
  "resource",
  "scope",
  "tenant",
  "subscription",
  "resource-type",
]);
const FLAGS: ReadonlySet<string> = new Set(["debug", "verbose", "only-show-errors", "help"]);
const ALIASES: Readonly<Record<string, string>> = { o: "output", t: "tenant", s: "subscription", h: "help" };
const ARM_RESOURCE: Readonly<Record<CloudName, string>> = {
  public: "https://management.core.windows.net/",
  usgov: "https://management.core.usgovcloudapi.net/",
  china: "https://management.core.chinacloudapi.cn/",
};
const ENVIRONMENT: Readonly<Record<CloudName, string>> = {
  public: "AzureCloud",
  usgov: "AzureUSGovernment",
  china: "AzureChinaCloud",
};

function failure(stderr: string, exitCode = 1): CliShimResult {
  return { stdout: "", stderr: stderr.endsWith("\n") ? stderr : `${stderr}\n`, exitCode };
}

/** az sorts keys and indents by two (`json.dumps(..., indent=2, sort_keys=True)`). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** `--query` (plain dotted names only) and `--output json|jsonc|tsv|none`. */
function render(value: unknown, output: string, query: string | undefined): CliShimResult {
  let selected = value;
  if (query !== undefined) {
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(query)) {
      return failure(
        `ERROR: the keyless emulator's az shim supports only --query with plain names (e.g. --query tenantId or --query user.name), not "${query}".`,
        2,
      );
    }
    for (const key of query.split(".")) {
      selected =
        selected !== null && typeof selected === "object"
          ? (selected as Record<string, unknown>)[key]
          : undefined;
    }
    selected ??= null;
  }
  switch (output) {
    case "json":
    case "jsonc":
      return { stdout: `${JSON.stringify(sortKeys(selected), null, 2)}\n`, stderr: "", exitCode: 0 };
    case "tsv": {
      const line =
        selected !== null && typeof selected === "object"
          ? Object.values(selected as Record<string, unknown>)
              .filter((v) => v === null || typeof v !== "object")
              .map((v) => (v === null ? "None" : String(v)))
              .join("\t")
          : selected === null
            ? ""
            : String(selected);
      return { stdout: `${line}\n`, stderr: "", exitCode: 0 };
    }
    case "none":
      return { stdout: "", stderr: "", exitCode: 0 };
    default:
      return failure(
        `ERROR: the keyless emulator's az shim prints --output json, jsonc, tsv or none, not "${output}".`,
        2,
      );
  }
}

/** `2025-01-31 09:00:00.000000`: az's `expiresOn` (local time on a real machine; the emulator's is UTC). */
function azDateTime(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace("T", " ")}.000000`;
}

function findSubscription(
  subscriptions: readonly Subscription[],
  principal: User | Application,
  nameOrId: string,
): Subscription | undefined {
  const tenants = new Set([
    principal.tenantId,
    ...(principal.kind === "user" ? principal.guestOfTenantIds : principal.alsoInTenantIds),
  ]);
  const wanted = nameOrId.toLowerCase();
  return subscriptions.find(
    (s) => tenants.has(s.tenantId) && (s.id === wanted || s.name.toLowerCase() === wanted),
  );
}

function subscriptionNotFound(name: string): CliShimResult {
  return failure(`ERROR: Subscription '${name}' not found. Check the spelling and casing and try again.`);
}

async function getAccessToken(
  ctx: EmulatorContext,
  signIn: CliSignIn & { principal: User | Application },
  options: Map<string, string[]>,
): Promise<CliShimAnswer> {
  const last = (name: string) => options.get(name)?.at(-1);
  const tenantArg = last("tenant");
  const subscriptionArg = last("subscription");
  const resourceArg = last("resource");
  const scopeArg = options.get("scope");
  if (tenantArg !== undefined && subscriptionArg !== undefined) {
    return {
      result: failure("ERROR: Please specify only one of subscription and tenant, not both"),
      decision: deny("invalid-request", "az account get-access-token: --tenant and --subscription together"),
    };
  }
  if (resourceArg !== undefined && scopeArg !== undefined) {
    return {
      result: failure("ERROR: usage error: --resource and --scope can't be used together.", 2),
      decision: deny("invalid-request", "az account get-access-token: --resource and --scope together"),
    };
  }
  let tenant = tenantArg;
  let subscription: Subscription | undefined;
  if (subscriptionArg !== undefined) {
    subscription = findSubscription(ctx.world.subscriptions, signIn.principal, subscriptionArg);
    if (subscription === undefined) {
      return {
        result: subscriptionNotFound(subscriptionArg),
        decision: deny("not-found", `az account get-access-token: subscription ${subscriptionArg} not found`),
      };
    }
    tenant = subscription.tenantId;
  }
  const homeTenant = ctx.world.tenants.find((t) => t.id === (signIn.tenantId ?? signIn.principal.tenantId));
  let resource = resourceArg ?? ARM_RESOURCE[homeTenant?.cloud ?? "public"];
  let scopes: string[] | undefined;
  const loginScope = () =>
    scopeArg !== undefined ? scopeArg.join(" ") : `${resource.replace(/\/+$/, "")}/.default`;
  if (scopeArg !== undefined) {
    const parsed = parseScopeParameter(scopeArg.join(" "));
    if (!parsed.ok) {
      return {
        result: failure(
          `ERROR: ${formatCliEntraFailure(parsed.failure, ctx.clock.now(), ctx.newId)}\nTo re-authenticate, please run:\naz login --scope ${loginScope()}`,
        ),
        decision: deny(`aadsts.${parsed.failure.code}`, "az account get-access-token"),
      };
    }
    resource = parsed.resource;
    scopes = parsed.resourceScopes;
  }
  const outcome = await cliToken(ctx, signIn, {
    resource,
    ...(tenant === undefined ? {} : { tenant }),
    ...(scopes === undefined ? {} : { scopes }),
  });
  if (!outcome.ok) {
    return {
      result: failure(
        `ERROR: ${formatCliEntraFailure(outcome.failure, ctx.clock.now(), ctx.newId)}\nTo re-authenticate, please run:\naz login --scope ${loginScope()}`,
      ),
      decision: deny(
        `aadsts.${outcome.failure.code}`,
        `az account get-access-token for ${signIn.principal.kind} ${signIn.principal.name}`,
      ),
    };
  }
  const { issued } = outcome;
  const subscriptionId =
    subscription?.id ?? (tenantArg !== undefined ? undefined : (signIn.subscriptionId ?? outcome.tenant.id));
  const body = {
    accessToken: issued.accessToken,
    expiresOn: azDateTime(issued.expiresOn),
    expires_on: issued.expiresOn,
    ...(subscriptionId === undefined ? {} : { subscription: subscriptionId }),
    tenant: outcome.tenant.id,
    tokenType: "Bearer",
  };
  return {
    result: render(body, last("output") ?? "json", last("query")),
    decision: allow(
      `az account get-access-token for ${signIn.principal.kind} ${signIn.principal.name} (${signIn.principal.objectId}), tenant ${outcome.tenant.id}, aud ${resource}`,
    ),
  };
}

function accountShow(
  ctx: EmulatorContext,
  signIn: CliSignIn & { principal: User | Application },
  options: Map<string, string[]>,
): CliShimAnswer {
  const { world } = ctx;
  const { principal } = signIn;
  const subscriptionArg = options.get("subscription")?.at(-1);
  let subscription: Subscription | undefined;
  if (subscriptionArg !== undefined) {
    subscription = findSubscription(world.subscriptions, principal, subscriptionArg);
    if (subscription === undefined) {
      return {
        result: subscriptionNotFound(subscriptionArg),
        decision: deny("not-found", `az account show: subscription ${subscriptionArg} not found`),
      };
    }
  } else if (signIn.subscriptionId !== undefined) {
    subscription = world.subscriptions.find((s) => s.id === signIn.subscriptionId);
  }
  const tenantId = subscription?.tenantId ?? signIn.tenantId ?? principal.tenantId;
  const tenant: Tenant | undefined = world.tenants.find((t) => t.id === tenantId);
  const body = {
    environmentName: ENVIRONMENT[tenant?.cloud ?? "public"],
    homeTenantId: tenantId,
    id: subscription?.id ?? tenantId,
    isDefault: true,
    managedByTenants: [],
    name: subscription?.name ?? "N/A(tenant level account)",
    state: "Enabled",
    tenantDefaultDomain: tenant?.domain ?? "",
    tenantDisplayName: tenant?.name ?? "",
    tenantId,
    user:
      principal.kind === "user"
        ? { name: principal.upn, type: "user" }
        : { name: principal.clientId, type: "servicePrincipal" },
  };
  return {
    result: render(body, options.get("output")?.at(-1) ?? "json", options.get("query")?.at(-1)),
    decision: allow(`az account show for ${principal.kind} ${principal.name}`),
  };
}

const USAGE =
  "ERROR: the keyless emulator's az shim answers only: az account get-access-token, az account show, az version.";

/**
 * Answers an `az` command line from the world's Azure CLI sign-in state, as the real CLI would for
 * what clients run: `az account get-access-token [--resource R | --scope S] [--tenant T |
 * --subscription S]` (the JSON `@azure/identity`'s AzureCliCredential parses, sorted keys,
 * `expires_on` in epoch seconds), `az account show`, `az version`; `--output json|jsonc|tsv|none`
 * and a plain-name `--query`. Not signed in: `ERROR: Please run 'az login' to setup account.`, exit 1.
 * `hang: true`: the shim sleeps {@link CLI_HANG_MS} first, or until its caller or the emulator is
 * gone. Anything else: a message and exit 2.
 *
 * @example
 * const { result } = await answerAzCommand(ctx, ["account", "get-access-token", "--output", "json", "--resource", "https://cognitiveservices.azure.com"]);
 * JSON.parse(result.stdout).tokenType; // "Bearer"
 */
export async function answerAzCommand(ctx: EmulatorContext, argv: readonly string[]): Promise<CliShimAnswer> {
  const signIn = ctx.world.azureCli;
  if (!signIn.installed) {
    return {
      result: failure("az: not found", 127),
      decision: deny("credential.cli-not-installed", "az: the world says the Azure CLI is not installed"),
    };
  }
  const parsed = parseCliArgs(argv, VALUED, FLAGS, ALIASES);
  const command = parsed.positionals.join(" ");
  if (parsed.problems.length > 0) {
    return {
      result: failure(`ERROR: unrecognized arguments: ${parsed.problems.join(" ")}`, 2),
      decision: deny("invalid-request", `az ${command}: unrecognized arguments`),
    };
  }
  if (command === "version") {
    const body = {
      "azure-cli": AZ_SHIM_VERSION,
      "azure-cli-core": AZ_SHIM_VERSION,
      "azure-cli-telemetry": "1.1.0",
      extensions: {},
    };
    return {
      result: render(
        body,
        parsed.options.get("output")?.at(-1) ?? "json",
        parsed.options.get("query")?.at(-1),
      ),
      decision: allow("az version"),
    };
  }
  if (command !== "account get-access-token" && command !== "account show") {
    return {
      result: failure(`${USAGE} Got: az ${argv.join(" ")}`, 2),
      decision: deny("not-implemented", `az ${command === "" ? "(no command)" : command}: not emulated`),
    };
  }
  if (signIn.hang) {
    return {
      result: {
        ...failure(
          `ERROR: keyless emulator: the world makes the Azure CLI hang (azureCli.hang); gave up after ${CLI_HANG_MS / 1000} s.`,
        ),
        sleepMs: CLI_HANG_MS,
      },
      decision: {
        outcome: "fault",
        code: "credential.cli-timeout",
        detail: `hang az ${command}: azureCli.hang is set`,
      },
    };
  }
  const { principal } = signIn;
  if (principal === undefined) {
    return {
      result: failure(`ERROR: ${AZ_NOT_LOGGED_IN}`),
      decision: deny("credential.cli-not-logged-in", `az ${command}: not logged in`),
    };
  }
  return command === "account show"
    ? accountShow(ctx, { ...signIn, principal }, parsed.options)
    : getAccessToken(ctx, { ...signIn, principal }, parsed.options);
}
