/** A facilitator's file sent to a content check (an own card set, last time's report), read back as the pages show it. */
import type { ContentProblem } from '../../server/protocol/library.ts';
import { postJson } from './api.ts';
import { i18n } from './i18n.svelte.ts';

export interface Checked<T> {
  /** What makes the file unusable, each at its line; empty when it is fine. */
  problems: ContentProblem[];
  /** What the screens will leave out (HTML, links, pictures): said, but the file can still be used. */
  warnings: ContentProblem[];
  /** The route's answer when the file is fine. */
  checked: T | null;
}

/** Reads `file` and has `url` check it; a failed request is one problem at line 1. */
export async function checkFile<T extends { warnings?: ContentProblem[] }>(url: string, file: File): Promise<Checked<T> & { source: string }> {
  const source = await file.text();
  const result = await postJson<({ ok: true } & T) | { ok: false; problems: ContentProblem[] }>(url, { fileName: file.name, source });
  if (!result.ok) {
    return { source, checked: null, warnings: [], problems: [{ file: file.name, line: 1, field: '(bestand)', message: i18n.t.errors[result.error], severity: 'error' }] };
  }
  if (!result.data.ok) {
    const { problems } = result.data;
    return { source, checked: null, problems: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warning') };
  }
  return { source, checked: result.data, problems: [], warnings: result.data.warnings ?? [] };
}
