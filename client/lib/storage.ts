/** localStorage that never throws (private mode, blocked storage): falls back to memory. */
const memory = new Map<string, string>();

export const storage = {
  get(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(key) ?? memory.get(key) ?? null;
    } catch {
      return memory.get(key) ?? null;
    }
  },
  set(key: string, value: string): void {
    memory.set(key, value);
    try {
      globalThis.localStorage?.setItem(key, value);
    } catch {
      // memory keeps it for this page
    }
  },
};

/** Where this browser keeps the language it chose for session `code` (i18n.svelte.ts; the phone page's inline script, phoneEarly.ts). */
export const sessionLocaleKey = (code: string): string => `driegesprek:locale:${code}`;
