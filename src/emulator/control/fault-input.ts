import { validateWorld } from "../world/load-world.js";
import type { Fault } from "../world/model.js";
import { stableId } from "../world/stable-id.js";
import { WorldFileError } from "../world/world-file-error.js";
import { ControlInputError } from "./control-response.js";

const PROBLEM = /^faults\[(\d+)\]\.?([^:]*): (.*)$/;

/**
 * Turns a `POST /_keyless/faults` body into faults: one fault object or a list of them, in the
 * world file's shape (`target`, `status`, `times`, `pathPrefix`, `headers`, `body`), validated by
 * the world file's own schema so the messages are the same. `nextId` names each new fault.
 *
 * @throws {ControlInputError} naming the first field at fault (`status`, or `[1].status` in a list).
 * @example
 * faultsFromInput({ target: "imds", status: 503, times: 2 }, () => "f1");
 * // [{ id: "f1", target: "imds", status: 503, remaining: 2, headers: {} }]
 */
export function faultsFromInput(input: unknown, nextId: () => string): Fault[] {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw new ControlInputError("", "the list is empty; send at least one fault");
  let doc: ReturnType<typeof validateWorld>;
  try {
    doc = validateWorld({ tenants: [{ name: "control" }], faults: list }, "request body");
  } catch (error) {
    if (!(error instanceof WorldFileError)) throw error;
    const first = error.problems[0] ?? "";
    const match = PROBLEM.exec(first);
    if (match === null) throw new ControlInputError("", first);
    const [, index = "0", path = "", problem = ""] = match;
    const field = Array.isArray(input) ? `[${index}]${path === "" ? "" : `.${path}`}` : path;
    throw new ControlInputError(field, problem);
  }
  return doc.faults.map((f) => ({
    id: nextId(),
    target: f.target,
    status: f.status,
    ...(f.times === undefined ? {} : { remaining: f.times }),
    ...(f.pathPrefix === undefined ? {} : { pathPrefix: f.pathPrefix }),
    headers: { ...f.headers },
    ...(f.body === undefined ? {} : { body: f.body }),
  }));
}

/**
 * The id of the n-th fault added through the control API: stable across runs, distinct from the
 * world file's fault ids.
 *
 * @example
 * controlFaultId(1); // a GUID
 */
export function controlFaultId(n: number): string {
  return stableId("fault", `control:${n}`);
}
