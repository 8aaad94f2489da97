import { err, ok, type Result } from "../app/result.js";
import type { Account, Deployment } from "../world/model.js";
import { deploymentNotFound, deploymentNotReady, type Refusal } from "./refusal.js";

// "If you created the deployment within the last 5 minutes, please wait" (DeploymentNotFound body).
const DEPLOYMENT_READY_MS = 5 * 60_000;

/**
 * The account's deployment by name, or 404 `DeploymentNotFound`.
 *
 * @example
 * findDeployment(account, "gpt-4o").ok; // true
 */
export function findDeployment(account: Account, name: string): Result<Deployment, Refusal> {
  const deployment = account.deployments.find((d) => d.name === name);
  return deployment === undefined ? err(deploymentNotFound(account, name)) : ok(deployment);
}

/**
 * The deployment an inference call goes to: it must exist and be older than five minutes at `now`
 * (Azure answers `DeploymentNotFound` for both).
 *
 * @example
 * findReadyDeployment(account, "gpt-4o", ctx.clock.now());
 */
export function findReadyDeployment(
  account: Account,
  name: string,
  now: number,
): Result<Deployment, Refusal> {
  const found = findDeployment(account, name);
  if (!found.ok) return found;
  const deployment = found.value;
  if (now - deployment.createdAt < DEPLOYMENT_READY_MS) {
    const seconds = Math.ceil((deployment.createdAt + DEPLOYMENT_READY_MS - now) / 1000);
    return err(deploymentNotReady(account, deployment, seconds));
  }
  return found;
}
