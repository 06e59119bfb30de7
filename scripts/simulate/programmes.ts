/**
 * Which programme the walk runs (--programme, --language): looked up in the programmes the server
 * itself loaded (GET /api/programmes), so the own server with --content and a running one with
 * --url are asked the same way. A programme the server does not have is a wrong argument.
 */
import type { ProgrammeSummary } from '../../server/protocol/events.ts';

export type Language = ProgrammeSummary['language'];
export const LANGUAGES: readonly Language[] = ['nl', 'en'];

const LANGUAGE_NL: Record<Language, string> = { nl: 'Nederlands', en: 'Engels' };

/** A --programme (or --language) the server does not have: a wrong argument, not a failed check. */
export class UnknownProgrammeError extends Error {}

/** "tienminutengesprekken (nl, en), stellingen (nl)": every programme the server has, with its languages. */
export function programmeList(programmes: ProgrammeSummary[]): string {
  const languages = new Map<string, Language[]>();
  for (const programme of programmes) languages.set(programme.id, [...(languages.get(programme.id) ?? []), programme.language]);
  return [...languages].map(([id, found]) => `${id} (${found.join(', ')})`).join(', ');
}

/**
 * The programme `id` in `language` (Dutch when not given) as the server at `url` has it; with no
 * id, null: the server's default programme. Throws UnknownProgrammeError naming the programmes there are.
 */
export async function chooseProgramme(url: string, id: string | undefined, language: Language | undefined): Promise<ProgrammeSummary | null> {
  if (id === undefined) return null;
  const response = await fetch(`${url}/api/programmes`);
  if (!response.ok) throw new Error(`de programma's ophalen mislukte (HTTP ${response.status})`);
  const programmes = (await response.json()) as ProgrammeSummary[];
  const wanted = language ?? 'nl';
  const found = programmes.find((programme) => programme.id === id && programme.language === wanted);
  if (found) return found;
  const there = programmeList(programmes) || 'geen';
  throw new UnknownProgrammeError(
    programmes.some((programme) => programme.id === id)
      ? `--programme ${id}: dit programma is er niet in het ${LANGUAGE_NL[wanted]} (--language ${wanted}). Programma's op de server: ${there}`
      : `--programme ${id}: onbekend programma. Programma's op de server: ${there}`,
  );
}
