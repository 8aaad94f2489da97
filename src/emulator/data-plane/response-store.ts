/**
 * One stored response of the Responses API: what `GET /responses/{id}` answers, the input items
 * `GET /responses/{id}/input_items` lists, and the conversation a later `previous_response_id`
 * continues.
 *
 * @example
 * const stored: StoredResponse = { id: "resp_abc", account: account.resourceId, response, inputItems: [], conversation: [] };
 */
export interface StoredResponse {
  id: string;
  /** The ARM id of the account that created it: another account does not see it. */
  account: string;
  /** The Response object as `responses.create` answered it (final state). */
  response: Readonly<Record<string, unknown>>;
  /** This request's input items (`msg_` ids), in the order sent. */
  inputItems: readonly Readonly<Record<string, unknown>>[];
  /** Every message so far, as chat messages (`{ role, content }`), this response's reply last. */
  conversation: readonly unknown[];
}

/**
 * The responses one data plane stores (one per emulator instance), bounded: past `capacity` the
 * oldest is dropped, as a retention limit would drop it.
 *
 * @example
 * const store = createResponseStore(2);
 * store.put(stored);
 * store.get(account.resourceId, "resp_abc")?.response.status; // "completed"
 */
export interface ResponseStore {
  get(account: string, id: string): StoredResponse | undefined;
  put(entry: StoredResponse): void;
  /** Whether it was there to delete. */
  delete(account: string, id: string): boolean;
  readonly size: number;
}

/** How many responses a data plane keeps by default. */
export const DEFAULT_RESPONSE_CAPACITY = 1000;

/**
 * A bounded {@link ResponseStore} (default {@link DEFAULT_RESPONSE_CAPACITY} responses).
 *
 * @example
 * const store = createResponseStore();
 */
export function createResponseStore(capacity = DEFAULT_RESPONSE_CAPACITY): ResponseStore {
  const entries = new Map<string, StoredResponse>();
  const find = (account: string, id: string) => {
    const entry = entries.get(id);
    return entry !== undefined && entry.account === account ? entry : undefined;
  };
  return {
    get: find,
    put(entry) {
      entries.delete(entry.id);
      entries.set(entry.id, entry);
      while (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    delete(account, id) {
      return find(account, id) !== undefined && entries.delete(id);
    },
    get size() {
      return entries.size;
    },
  };
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/**
 * A page of a stored response's input items, as `GET /responses/{id}/input_items` answers it
 * (openai-node's `ResponseItemList`, a cursor page): `order` `desc` (the default) or `asc`,
 * `limit` 1–100 (default 20), `after` an item id.
 *
 * @example
 * inputItemsPage(stored, new URLSearchParams("order=asc"));
 * // { object: "list", data: [...], first_id: "msg_...", last_id: "msg_...", has_more: false }
 */
export function inputItemsPage(stored: StoredResponse, query: URLSearchParams): Record<string, unknown> {
  const items = query.get("order") === "asc" ? [...stored.inputItems] : [...stored.inputItems].reverse();
  const after = query.get("after");
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
  const requested = Number.parseInt(query.get("limit") ?? "", 10);
  const limit = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), MAX_PAGE) : DEFAULT_PAGE;
  const data = items.slice(start, start + limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}
