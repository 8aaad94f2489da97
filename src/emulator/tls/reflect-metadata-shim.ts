/*
 * @peculiar/x509 resolves its algorithms through tsyringe, which insists on the `reflect-metadata`
 * API (getMetadata / getOwnMetadata / defineMetadata) being present before it loads. The package is
 * not a dependency of ours, and tsyringe only stores and reads constructor parameter types, so this
 * is the smallest faithful stand-in. It defines nothing when a real polyfill is already loaded.
 */
type MetadataTarget = object;
type MetadataStore = Map<unknown, unknown>;

const stores = new WeakMap<MetadataTarget, Map<string | symbol | undefined, MetadataStore>>();

function ownStore(target: MetadataTarget, property: string | symbol | undefined, create: boolean) {
  let byProperty = stores.get(target);
  if (byProperty === undefined) {
    if (!create) return undefined;
    byProperty = new Map();
    stores.set(target, byProperty);
  }
  let store = byProperty.get(property);
  if (store === undefined && create) {
    store = new Map();
    byProperty.set(property, store);
  }
  return store;
}

interface ReflectMetadataApi {
  getMetadata?: unknown;
  getOwnMetadata?: unknown;
  defineMetadata?: unknown;
}

const reflect = Reflect as unknown as ReflectMetadataApi;

if (typeof reflect.getMetadata !== "function") {
  const getOwnMetadata = (key: unknown, target: MetadataTarget, property?: string | symbol): unknown =>
    ownStore(target, property, false)?.get(key);
  reflect.getOwnMetadata = getOwnMetadata;
  reflect.getMetadata = (key: unknown, target: MetadataTarget, property?: string | symbol): unknown => {
    for (
      let current: MetadataTarget | null = target;
      current !== null;
      current = Object.getPrototypeOf(current)
    ) {
      const store = ownStore(current, property, false);
      if (store?.has(key)) return store.get(key);
    }
    return undefined;
  };
  reflect.defineMetadata = (
    key: unknown,
    value: unknown,
    target: MetadataTarget,
    property?: string | symbol,
  ): void => {
    ownStore(target, property, true)?.set(key, value);
  };
}

/**
 * Marker so importers can assert the shim ran; importing this module is what matters.
 *
 * @example
 * import "./reflect-metadata-shim.js"; // before @peculiar/x509
 */
export const reflectMetadataShimLoaded = true;
