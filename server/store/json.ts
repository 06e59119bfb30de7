/**
 * An object's JSON, made once: the session writer encodes the state to tell whether it changed,
 * and the store writes that same text instead of encoding the object again.
 */
const encoded = new WeakMap<object, string>();

/** JSON.stringify(value), remembered for `value` (which is not changed afterwards). */
export function encodedOnce(value: object): string {
  let json = encoded.get(value);
  if (json === undefined) encoded.set(value, (json = JSON.stringify(value)));
  return json;
}
