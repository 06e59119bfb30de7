/**
 * Remembering derived values by the identity of what they were derived from. The session machine
 * never changes an object in place: it makes a new one for what changes and keeps the rest (the
 * store's writer relies on the same), so an input that is the same object is the same value, and
 * what was derived from it still holds.
 */

/** `derive(object)`, worked out once per object (an index of an array, say) while the object lives. */
export function perObject<K extends object, V>(derive: (object: K) => V): (object: K) => V {
  const cache = new WeakMap<K, V>();
  return (object) => {
    if (cache.has(object)) return cache.get(object) as V;
    const value = derive(object);
    cache.set(object, value);
    return value;
  };
}

/**
 * The last value made per key object (a participant, say), made again only when one of its inputs
 * is not the same (===) as last time. The same value object comes back while nothing changed, so a
 * caller can tell "unchanged" by identity.
 */
export class Memo<K extends object, V> {
  private readonly last = new WeakMap<K, { inputs: readonly unknown[]; value: V }>();

  get(key: K, inputs: readonly unknown[], make: () => V): V {
    const last = this.last.get(key);
    if (last && sameInputs(last.inputs, inputs)) return last.value;
    const value = make();
    this.last.set(key, { inputs, value });
    return value;
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
