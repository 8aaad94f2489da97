import type { EndpointClassification } from "../knowledge/endpoint-form.js";
import type { DiagnoseCall } from "./diagnose-defaults.js";
import type { ArmReport, CredentialReport, EndpointReport } from "./diagnosis-report.js";
import type { CredentialProbeResult } from "./probes/probe-credentials.js";
import type { DataPlaneObservation, DataPlaneTarget } from "./probes/probe-data-plane.js";
import type { EnvironmentFacts } from "./probes/probe-environment.js";
import type { ImdsFacts } from "./probes/probe-imds.js";

/**
 * Everything the probes found, as the analyzers read it. Holds claims, statuses and messages with
 * secrets masked; never a token, key or secret. `gatherFacts` returns it frozen: analyzers and the
 * report read it and never change it (a credential's data-plane outcome, the endpoint's
 * reachability through a proxy are the report's, built from it). Tests build it by hand.
 *
 * @example
 * const facts: DiagnosisFacts = { now: Date.now(), classification, endpoint, apiVersion: "2024-10-21", environment, chain: { order: [] }, credentials: [], observations: [] };
 */
export interface DiagnosisFacts {
  /** Local time the analysis refers to (epoch ms). */
  now: number;
  classification: EndpointClassification;
  /**
   * The endpoint as probed, with the login host's lookup when the endpoint's host did not resolve;
   * through a proxy its reachability is left to the data-plane answers.
   */
  endpoint: EndpointReport;
  deployment?: string;
  apiVersion: string;
  /** The call probed (`call` option); absent in hand-built facts, where it is `chat`. */
  call?: DiagnoseCall;
  /** The data-plane request; absent for an invalid endpoint URL. */
  target?: DataPlaneTarget;
  environment: EnvironmentFacts;
  chain: CredentialProbeResult["chain"];
  credentials: CredentialReport[];
  /**
   * Data-plane requests: one per credential that produced a token (for `endpoint.scope`: the app's
   * scope when given, else the endpoint's), the API key comparison, and, for a sovereign-cloud
   * endpoint whose app's scope is not known, the chain's credential with the public scope (the
   * common mistake).
   */
  observations: DataPlaneObservation[];
  arm?: ArmReport;
  /**
   * One raw IMDS token request (no retries), when `ManagedIdentityCredential` would ask IMDS: why a
   * managed identity that outlasted its budget failed.
   */
  imds?: ImdsFacts;
  /** The per-credential time budget, for messages. */
  credentialTimeoutMs?: number;
}

/**
 * The credential the chain uses, if any.
 *
 * @example
 * selectedCredential(facts)?.identity?.oid;
 */
export function selectedCredential(facts: DiagnosisFacts): CredentialReport | undefined {
  return facts.credentials.find((c) => c.selectedByChain);
}

/**
 * The scope the endpoint's tokens need, whatever the doctor requested (`endpoint.scope` is the
 * requested one: the app's, when given).
 *
 * @example
 * expectedScope(facts); // "https://ai.azure.com/.default" for a Foundry project
 */
export function expectedScope(facts: Pick<DiagnosisFacts, "endpoint">): string {
  return facts.endpoint.expectedScope ?? facts.endpoint.scope;
}

/**
 * The data-plane request made with a credential's token for the requested scope (the keyless
 * call as the app makes it).
 *
 * @example
 * observationFor(facts, "AzureCliCredential")?.status;
 */
export function observationFor(facts: DiagnosisFacts, credential: string): DataPlaneObservation | undefined {
  return facts.observations.find(
    (o) => o.via.kind === "token" && o.via.credential === credential && o.via.scope === facts.endpoint.scope,
  );
}
