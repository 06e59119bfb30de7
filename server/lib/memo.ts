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
