/**
 * The outcome of a step that either produces a value or refuses: success and failure are told
 * apart by `ok`, and only by `ok`.
 *
 * @example
 * const found: Result<Account, Refusal> = findAccount(ctx.world, request);
 * if (!found.ok) return answer(found.error);
 * found.value.name; // "contoso-openai"
 */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/**
 * A successful {@link Result}.
 *
 * @example
 * return ok(deployment);
 */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/**
 * A failed {@link Result}.
 *
 * @example
 * return err(resourceNotFound(`no operation ${verb} ${path}`));
 */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
