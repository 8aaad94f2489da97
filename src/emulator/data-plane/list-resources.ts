import type { Account, Deployment } from "../world/model.js";
import { modelLabel } from "./inference-call.js";

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * One deployment as the dated `GET /openai/deployments` API lists it.
 *
 * @example
 * deploymentResource(deployment).id; // "gpt-4o"
 */
export function deploymentResource(deployment: Deployment): Record<string, unknown> {
  return {
    created_at: seconds(deployment.createdAt),
    id: deployment.name,
    model: deployment.model,
    object: "deployment",
    owner: "organization-owner",
    scale_settings: { scale_type: "standard" },
    status: "succeeded",
    updated_at: seconds(deployment.createdAt),
  };
}

/**
 * `GET /openai/deployments`: the account's deployments.
 *
 * @example
 * deploymentList(account).object; // "list"
 */
export function deploymentList(account: Account): Record<string, unknown> {
  return { data: account.deployments.map(deploymentResource), object: "list" };
}

/**
 * `GET /openai/models` (dated) and `GET /openai/v1/models` (also a Foundry project's): the models
 * the account has deployed, once each. The v1 shape is `OpenAI.ListModelsResponse` of the v1 spec
 * (Azure/azure-rest-api-specs `specification/ai/data-plane/OpenAI.v1/azure-v1-v1-generated.yaml`,
 * operation `listModels`): `{ object: "list", data: [{ id, object: "model", created, owned_by }] }`;
 * the dated shape adds the capabilities their deployment kind gives.
 *
 * @example
 * modelList(account, "v1", now).data; // [{ id: "gpt-4o-2024-11-20", object: "model", ... }]
 */
export function modelList(
  account: Account,
  form: "deployments" | "v1",
  now: number,
): Record<string, unknown> {
  const seen = new Map<string, Deployment>();
  for (const deployment of account.deployments) {
    const id = modelLabel(deployment);
    if (!seen.has(id)) seen.set(id, deployment);
  }
  const data = [...seen.entries()].map(([id, deployment]) =>
    form === "v1"
      ? { created: seconds(now), id, object: "model", owned_by: "system" }
      : {
          capabilities: {
            chat_completion: deployment.kind === "chat",
            completion: deployment.kind === "completions",
            embeddings: deployment.kind === "embeddings",
            fine_tune: false,
            inference: true,
          },
          created_at: seconds(now),
          id,
          lifecycle_status: "generally-available",
          object: "model",
          status: "succeeded",
        },
  );
  return { data, object: "list" };
}

/**
 * `GET /api/projects/{project}/assistants` (and `/agents`): the emulator hosts no agents, so an
 * empty page in the Assistants list shape.
 *
 * @example
 * emptyAgentList(); // { data: [], first_id: null, has_more: false, last_id: null, object: "list" }
 */
export function emptyAgentList(): Record<string, unknown> {
  return { data: [], first_id: null, has_more: false, last_id: null, object: "list" };
}
