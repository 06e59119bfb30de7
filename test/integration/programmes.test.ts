/**
 * Two programmes for the same meeting: the manual of the learning community exactly (5, 4, 20, 10,
 * 15 and 15 minutes), and the extended one with the quickscan and action points. The extended one
 * stays the session a facilitator gets without choosing, and the one the home page preselects.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import { DEFAULT_PROGRAMME_ID } from '../../server/content/types.ts';
import type { ProgrammeSummary } from '../../server/protocol/events.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, hostClient } from '../../scripts/lib/clients.ts';
import { useLiveServer, walkTo } from '../helpers/liveServer.ts';

const ORIGINAL = 'tienminutengesprekken-origineel';

describe('the programmes on offer', () => {
  const live = useLiveServer({ content: loadContent(join(PROJECT_ROOT, 'content')) });

  it('lists the default programme first in each language, then the original design', async () => {
    const programmes = (await (await fetch(`${live.server.url}/api/programmes`)).json()) as ProgrammeSummary[];
    expect(DEFAULT_PROGRAMME_ID).toBe('tienminutengesprekken');
    for (const language of ['nl', 'en'] as const) {
      const mine = programmes.filter((programme) => programme.language === language);
      // The home page preselects the first programme in the visitor's language.
      expect(mine[0]).toMatchObject({ id: DEFAULT_PROGRAMME_ID, phaseCount: 7, minutes: 76 });
      expect(mine.find((programme) => programme.id === ORIGINAL)).toMatchObject({ phaseCount: 6, minutes: 69 });
    }
  });

  it('a session without a chosen programme is the extended one', async () => {
    const { url } = live.server;
    const { code, hostToken } = await createSession(url);
    const host = live.track(hostClient(url, code, hostToken));
    const view = await host.until((candidate) => candidate.agenda.length > 0);
    expect(view.agenda.map((phase) => [phase.kind, phase.plannedMinutes])).toEqual([
      ['intro', 5],
      ['research', 8],
      ['dialogue', 20],
      ['plenary', 10],
      ['roleplay', 15],
      ['evaluation', 10],
      ['actions', 8],
    ]);
  });

  it('the original design runs the manual’s phases and minutes, its research a presentation without a quickscan', async () => {
    const { url } = live.server;
    const { code, hostToken } = await createSession(url, ORIGINAL, 'nl');
    const host = live.track(hostClient(url, code, hostToken));
    const lobby = await host.until((candidate) => candidate.agenda.length > 0);
    expect(lobby.programmeTitle).toBe('Tienminutengesprekken – de oorspronkelijke opzet');
    expect(lobby.agenda.map((phase) => [phase.kind, phase.plannedMinutes])).toEqual([
      ['intro', 5],
      ['research', 4],
      ['dialogue', 20],
      ['plenary', 10],
      ['roleplay', 15],
      ['evaluation', 15],
    ]);
    await walkTo(host, 1);
    const research = (await host.until((candidate) => candidate.research !== null)).research!;
    expect(research.quickscan).toBeNull();
    // No quickscan to wait for: the presentation stands at its intro.
    expect(research.step).toBe(0);
    expect(research.steps.some((step) => step.kind === 'team')).toBe(false);
  });

  it('the English original design is there too', async () => {
    const { url } = live.server;
    const { code, hostToken } = await createSession(url, ORIGINAL, 'en');
    const host = live.track(hostClient(url, code, hostToken));
    const lobby = await host.until((candidate) => candidate.agenda.length > 0);
    expect(lobby.agenda.map((phase) => phase.plannedMinutes)).toEqual([5, 4, 20, 10, 15, 15]);
  });
});
