import { createHash } from "node:crypto";

/**
 * A deterministic GUID for an entity, so a world produces the same ids on every run: the first 16
 * bytes of SHA-256(`kind:name`) laid out as a version-4-shaped UUID (version nibble 4, RFC 4122
 * variant). Different kinds never collide for the same name.
 *
 * @example
 * stableId("tenant", "contoso"); // the same GUID every time, e.g. "3f1c...-....-4...-8...-............"
 */
export function stableId(kind: string, name: string): string {
  const bytes = createHash("sha256").update(`${kind}:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
