import { describe, expect, it } from "vitest";
import { analyzeDataPlane } from "../../../src/diagnose/analyzers/analyze-data-plane.js";
import type { DataPlaneObservation } from "../../../src/diagnose/probes/probe-data-plane.js";
import { explain } from "../../../src/knowledge/explain.js";
import {
  ACCOUNT_ID,
  APP_OID,
  accountFacts,
  appIdentity,
  armReport,
  assignment,
  buildFacts,
  credential,
  flat401,
  NOW,
  observation,
  PERMISSION_DENIED,
  SUBSCRIPTION,
  TENANT,
  USER_OID,
  userIdentity,
} from "../fixtures/facts.js";

const GRANT = `az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id ${APP_OID} --assignee-principal-type ServicePrincipal --scope ${ACCOUNT_ID}`;

function envSelected(
  extraCredentials = [credential("AzureCliCredential")],
  observations: DataPlaneObservation[] = [],
) {
  return {
    credentials: [
      credential("EnvironmentCredential", {
        available: true,
        selectedByChain: true,
        identity: appIdentity(),
      }),
      ...extraCredentials,
    ],
    observations: [observation("EnvironmentCredential", 401, PERMISSION_DENIED), ...observations],
  };
}

describe("analyzeDataPlane: PermissionDenied refined with ARM", () => {
  it("names rbac.control-plane-role-only for Owner on the subscription, with the grant command filled in", () => {
    const facts = buildFacts({
      ...envSelected(),
      arm: armReport({
        roleAssignments: [
          assignment({
            role: "Owner",
            scope: `/subscriptions/${SUBSCRIPTION}`,
            grantsDataAction: false,
            noDataActions: true,
            controlPlaneOnly: true,
          }),
        ],
      }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("rbac.control-plane-role-only");
    expect(finding?.severity).toBe("error");
    expect(finding?.basis).toBe("data-plane");
    expect(finding?.credential).toBe("EnvironmentCredential");
    expect(finding?.fix).toContain(GRANT);
    expect(finding?.detail).toContain(`Owner on subscription ${SUBSCRIPTION}, created 60 min ago`);
  });

  it("names rbac.control-plane-role-only for Cognitive Services Contributor on the account (the seed case)", () => {
    const facts = buildFacts({
      ...envSelected(
        [credential("AzureCliCredential", { available: true, identity: userIdentity() })],
        [observation("AzureCliCredential", 401, PERMISSION_DENIED)],
      ),
      arm: armReport({
        roleAssignments: [
          assignment({
            role: "Cognitive Services Contributor",
            grantsDataAction: false,
            noDataActions: true,
            controlPlaneOnly: true,
          }),
          assignment({
            role: "Reader",
            scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-openai`,
            grantsDataAction: false,
            noDataActions: true,
          }),
        ],
      }),
    });
    expect(analyzeDataPlane(facts).map((f) => f.code)).toEqual(["rbac.control-plane-role-only"]);
  });

  it("names rbac.wrong-scope when the granting role sits on another account", () => {
    const other = ACCOUNT_ID.replace("contoso-openai", "contoso-openai-dev");
    const facts = buildFacts({
      ...envSelected(),
      arm: armReport({
        roleAssignments: [
          assignment({ scope: other, coversAccount: false }),
          assignment({
            role: "Reader",
            scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-openai`,
            grantsDataAction: false,
            noDataActions: true,
          }),
        ],
      }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("rbac.wrong-scope");
    expect(finding?.evidence).toContain(
      "granting role on another scope: Cognitive Services OpenAI User on account contoso-openai-dev (resource group rg-openai), created 60 min ago",
    );
    expect(finding?.fix).toContain(`--scope ${ACCOUNT_ID}`);
  });

  it("names rbac.wrong-scope when the role is on a Foundry project under the account", () => {
    const facts = buildFacts({
      ...envSelected(),
      arm: armReport({
        roleAssignments: [
          assignment({ role: "Azure AI User", scope: `${ACCOUNT_ID}/projects/chat`, coversAccount: false }),
        ],
      }),
    });
    expect(analyzeDataPlane(facts)[0]?.code).toBe("rbac.wrong-scope");
  });

  it("on a Foundry project endpoint, a role on another project is rbac.wrong-scope, granted on the project the call is on", () => {
    const project = `${ACCOUNT_ID}/projects/proj`;
    const facts = buildFacts({
      endpoint: "https://contoso-openai.services.ai.azure.com/api/projects/proj",
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [
        observation(
          "EnvironmentCredential",
          401,
          `{"error":{"code":"PermissionDenied","message":"The principal ${APP_OID} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /api/projects/{projectName}/openai/v1/chat/completions operation."}}`,
          "https://ai.azure.com/.default",
        ),
      ],
      arm: armReport({
        project: { name: "proj", id: project },
        roleAssignments: [
          assignment({
            role: "Azure AI User",
            scope: `${ACCOUNT_ID}/projects/proj-eval`,
            coversAccount: false,
          }),
        ],
      }),
    });
    expect(facts.target?.display).toBe("POST /api/projects/proj/openai/v1/chat/completions");
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("rbac.wrong-scope");
    expect(finding?.detail).toContain(
      "holds Azure AI User on project proj-eval of account contoso-openai (resource group rg-openai), created 60 min ago, which does not contain project proj of account contoso-openai",
    );
    expect(finding?.fix).toContain(`--scope ${project}`);
  });

  it("names rbac.propagation-pending for a granting role two minutes old", () => {
    const facts = buildFacts({
      ...envSelected(),
      arm: armReport({ roleAssignments: [assignment({ ageMinutes: 2 })] }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("rbac.propagation-pending");
    expect(finding?.fix).toBe(
      "# Wait, then check again\nsleep 300 && keyless doctor --endpoint https://contoso-openai.openai.azure.com",
    );
  });

  it("names credential.env-unexpected-identity when the chain picks the environment's service principal and the Azure CLI user can call", () => {
    const facts = buildFacts({
      ...envSelected(
        [credential("AzureCliCredential", { available: true, identity: userIdentity() })],
        [observation("AzureCliCredential", 200, "{}")],
      ),
      arm: armReport({
        roleAssignments: [
          assignment({
            role: "Reader",
            scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-openai`,
            grantsDataAction: false,
            noDataActions: true,
          }),
        ],
      }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("credential.env-unexpected-identity");
    expect(finding?.fix).toContain("unset AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH");
    expect(finding?.evidence).toContain("AzureCliCredential: the same call answers 200");
  });

  it("names rbac.other-principal when another principal holds the role on the account", () => {
    const facts = buildFacts({
      credentials: [
        credential("ManagedIdentityCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [observation("ManagedIdentityCredential", 401, PERMISSION_DENIED)],
      arm: armReport({
        roleAssignments: [
          assignment({
            role: "Reader",
            scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-openai`,
            grantsDataAction: false,
            noDataActions: true,
          }),
        ],
        otherPrincipalsWithRole: [assignment({ principalId: USER_OID, principalType: "ServicePrincipal" })],
      }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("rbac.other-principal");
    expect(finding?.detail).toContain(`ServicePrincipal ${USER_OID} (Cognitive Services OpenAI User)`);
  });

  it("names rbac.missing-data-action for a data role that lacks the chat action", () => {
    const facts = buildFacts({
      ...envSelected(),
      arm: armReport({
        roleAssignments: [
          assignment({ role: "Cognitive Services Data Reader (Preview)", grantsDataAction: false }),
        ],
      }),
    });
    expect(analyzeDataPlane(facts)[0]?.code).toBe("rbac.missing-data-action");
  });

  it("treats Reader alone as rbac.control-plane-role-only", () => {
    const facts = buildFacts({
      ...envSelected(),
      arm: armReport({
        roleAssignments: [assignment({ role: "Reader", grantsDataAction: false, noDataActions: true })],
      }),
    });
    expect(analyzeDataPlane(facts)[0]?.code).toBe("rbac.control-plane-role-only");
  });

  it("falls back to rbac.missing-data-action and says so when ARM could not be read", () => {
    const facts = buildFacts({
      ...envSelected(),
      arm: { status: "failed", reason: "listing subscriptions failed: AuthorizationFailed" },
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("rbac.missing-data-action");
    expect(finding?.evidence).toContain(
      "role assignments could not be read from ARM: listing subscriptions failed: AuthorizationFailed",
    );
    expect(finding?.fix).toContain(
      `--assignee-object-id ${APP_OID} --assignee-principal-type ServicePrincipal --scope <scope>`,
    );
  });
});

describe("analyzeDataPlane: token and endpoint causes", () => {
  it("names token.wrong-tenant and fills az login --tenant with the principal's other tenant", () => {
    const other = "9a2d802f-60c3-467f-b3ef-4ac53ec2fb0d";
    const body = `{"error":{"code":"Tenant provided in token does not match resource token","message":"Token tenant ${other} does not match resource tenant."}}`;
    const facts = buildFacts({
      credentials: [
        credential("AzureCliCredential", {
          available: true,
          selectedByChain: true,
          identity: userIdentity({ tid: other }),
        }),
      ],
      observations: [observation("AzureCliCredential", 400, body)],
      arm: { status: "not-found", tenants: [other, TENANT] },
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("token.wrong-tenant");
    expect(finding?.fix).toContain(`az login --tenant ${TENANT}`);
    expect(finding?.detail).toBe(
      `AzureCliCredential signs in to tenant ${other}, but the resource belongs to ${TENANT}.`,
    );
  });

  it("tells a public-scope token on a US Government endpoint apart as token.wrong-audience", () => {
    const facts = buildFacts({
      endpoint: "https://contoso.openai.azure.us",
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity({ aud: "https://cognitiveservices.azure.com" }),
        }),
      ],
      observations: [
        observation(
          "EnvironmentCredential",
          401,
          flat401("https://cognitiveservices.azure.us"),
          "https://cognitiveservices.azure.us/.default",
        ),
      ],
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("token.wrong-audience");
    expect(finding?.fix).toContain(
      'getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.us/.default")',
    );
    expect(finding?.evidence).toContain(
      "token aud: https://cognitiveservices.azure.com; the endpoint accepts https://cognitiveservices.azure.us",
    );
  });

  it("names token.expired when the flat 401 meets a token whose exp has passed", () => {
    const facts = buildFacts({
      credentials: [
        credential("AzureCliCredential", {
          available: true,
          selectedByChain: true,
          identity: userIdentity({ exp: NOW / 1000 - 30 }),
        }),
      ],
      observations: [observation("AzureCliCredential", 401, flat401("https://cognitiveservices.azure.com"))],
    });
    expect(analyzeDataPlane(facts)[0]?.code).toBe("token.expired");
  });

  it("fills the regional fix with the account's custom-subdomain endpoint from ARM", () => {
    const body =
      '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}';
    const facts = buildFacts({
      endpoint: "https://eastus.api.cognitive.microsoft.com",
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [observation("EnvironmentCredential", 400, body)],
      arm: armReport({ account: accountFacts({ matchedBy: "region" }) }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("endpoint.regional-no-subdomain");
    expect(finding?.fix).toContain("export AZURE_OPENAI_ENDPOINT=https://contoso-openai.openai.azure.com");
    expect(finding?.detail).toBe(
      "The keyless call (EnvironmentCredential's token) got 400 BadRequest: Please provide a custom subdomain for token authentication, otherwise API key is required.",
    );
  });

  it("points at the real deployment when the model name is used as the deployment name", () => {
    const body =
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}';
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [observation("EnvironmentCredential", 404, body)],
      arm: armReport({ deployments: [{ name: "chat", model: "gpt-4o" }] }),
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("resource.deployment-not-found");
    expect(finding?.detail).toBe(
      '"gpt-4o" is a model name; the deployment of that model on this resource is called "chat".',
    );
  });

  it("reports a refused API key as a warning next to a working keyless call", () => {
    const body =
      '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}';
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [
        observation("EnvironmentCredential", 200, "{}"),
        {
          via: { kind: "api-key", source: "option" },
          status: 403,
          matches: explain(`HTTP 403\n${body}`),
          durationMs: 5,
          serviceCode: "AuthenticationTypeDisabled",
        },
      ],
    });
    const findings = analyzeDataPlane(facts);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([["key.auth-disabled", "warning"]]);
    expect(findings[0]?.detail).toBe(
      "The API key from option is refused (403 AuthenticationTypeDisabled), while the keyless call works; an app that still sends it fails this way.",
    );
  });

  it("shows the public scope's 401 on a sovereign endpoint as a token.wrong-audience warning", () => {
    const facts = buildFacts({
      endpoint: "https://contoso.openai.azure.us",
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity({ aud: "https://cognitiveservices.azure.us" }),
        }),
      ],
      observations: [
        observation("EnvironmentCredential", 200, "{}", "https://cognitiveservices.azure.us/.default"),
        observation(
          "EnvironmentCredential",
          401,
          flat401("https://cognitiveservices.azure.us"),
          "https://cognitiveservices.azure.com/.default",
        ),
      ],
    });
    const findings = analyzeDataPlane(facts);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([["token.wrong-audience", "warning"]]);
    expect(findings[0]?.detail).toContain(
      "a token requested with the public-cloud scope https://cognitiveservices.azure.com/.default",
    );
  });

  it("reports endpoint.unreachable when the data-plane request gets no answer", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [
        {
          via: {
            kind: "token",
            credential: "EnvironmentCredential",
            scope: "https://cognitiveservices.azure.com/.default",
          },
          error: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9",
          matches: [],
          durationMs: 3,
        },
      ],
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("endpoint.unreachable");
    expect(finding?.evidence).toEqual([
      "EnvironmentCredential: POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 -> no answer (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)",
    ]);
  });
});
