/**
 * The research phase (phase 2 of the default programme) over real sockets: the team quickscan on
 * the phones, the projector's team figures beside the research's (hidden below three respondents
 * unless the facilitator shows them), nobody ever receiving another phone's ratings, who may steer
 * the presentation, and the presentation playing by itself: the room sends the next step's views at
 * the step boundary without any client event. The server's clock is `Date.now() + skew`, so a test
 * can jump to just before a boundary instead of waiting 24 s for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PhoneView, ProjectorView, SessionReport } from '../../server/protocol/views.ts';
import type { Rating } from '../../server/session/research/quickscan.ts';
import { STEP_MS } from '../../server/session/research/research.ts';
import { startServer } from '../../server/startServer.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';
import { createSession, hostClient, joinedPhone, newPhoneToken, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { settled } from '../helpers/barrier.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

/** Agenda of the default programme: intro, research, dialogue, plenary, roleplay, evaluation, actions. */
const RESEARCH_PHASE = 1;
const DIALOGUE_PHASE = 2;
/** content/research/onderzoek-aos.md, in order. */
const STATEMENT_IDS = [
  'thuissituatie-kennen',
  'rol-ouders-kennen',
  'aandacht-thuissituatie',
  'contact-bij-zorgen',
  'ontwikkeling-thuis',
  'praktische-afspraken',
  'steun-ouders',
  'aanbod-rol-thuis',
  'zelf-onderwerpen',
  'toekomst-leidraad',
  'agenda',
] as const;
type StatementId = (typeof STATEMENT_IDS)[number];
/** The intro, the 8 statements with figures, the team's largest gaps. */
const STEP_COUNT = 10;
const ok = { ok: true, data: null };
const notAllowed = { ok: false, error: 'not_allowed' };
const unauthorized = { ok: false, error: 'unauthorized' };
const invalidPayload = { ok: false, error: 'invalid_payload' };

/** The server's clock runs `skew` ms ahead of the real one; each test starts at 0. */
let skew = 0;
beforeEach(() => {
  skew = 0;
});
const live = useLiveServer({ now: () => Date.now() + skew });
const track = live.track;
/** Sets the server's clock so that it reads `at` now. */
const serverClockTo = (at: number) => (skew = at - Date.now());

type Scales = { experience: Rating | null; importance: Rating | null };

/**
 * Every rating each phone sent, scale by scale, so that a phone's views can be checked against its
 * own ratings only. What the server must make of them is written out by hand in the test, never
 * recomputed here.
 */
class Sent {
  private readonly values = new Map<Client<PhoneView>, Map<string, { experience: Set<Rating>; importance: Set<Rating> }>>();

  async rate(phone: Client<PhoneView>, statementId: string, experience: Rating | null, importance: Rating | null) {
    expect(await phone.socket.emitWithAck('phone:quickscanRate', { statementId, experience, importance })).toEqual(ok);
    const mine = this.values.get(phone) ?? new Map<string, { experience: Set<Rating>; importance: Set<Rating> }>();
    const sent = mine.get(statementId) ?? { experience: new Set<Rating>(), importance: new Set<Rating>() };
    if (experience !== null) sent.experience.add(experience);
    if (importance !== null) sent.importance.add(importance);
    mine.set(statementId, sent);
    this.values.set(phone, mine);
  }

  /** Whether every value in `scales` is one `phone` itself sent for `statementId`. */
  isOwn(phone: Client<PhoneView>, statementId: string, scales: Scales): boolean {
    const sent = this.values.get(phone)?.get(statementId);
    if (!sent) return false;
    return (scales.experience === null || sent.experience.has(scales.experience)) && (scales.importance === null || sent.importance.has(scales.importance));
  }
}

/** [experience, importance] per statement, as `mine` in a phone's view. */
const scalesOf = (ratings: Partial<Record<StatementId, [Rating | null, Rating | null]>>): Record<string, Scales> =>
  Object.fromEntries(Object.entries(ratings).map(([id, [experience, importance]]) => [id, { experience, importance }]));

/** [statement, team experience %, team importance %, how many rated it]: worked out by hand from the ratings below. */
type TeamRow = [StatementId, number | null, number | null, number];
const teamTable = (rows: TeamRow[]) => Object.fromEntries(rows.map(([id, experience, importance, answers]) => [id, { experience, importance, answers }]));

/** A session with phones for `names`, on the research phase with its quickscan open. */
async function inResearchPhase(names: string[]) {
  const { code, hostToken, host, phones } = await live.sessionAt(names, RESEARCH_PHASE);
  const view = await host.until((v) => v.phase?.index === RESEARCH_PHASE && v.research !== null);
  expect(view.phase?.kind).toBe('research');
  for (const phone of phones) await phone.until((v) => v.phase?.index === RESEARCH_PHASE && v.research !== null);
  return { code, hostToken, host, phones };
}

const getReport = async (code: string, hostToken: string): Promise<SessionReport> => {
  const response = await fetch(`${live.server.url}/api/sessions/${code}/report`, { headers: { 'x-host-token': hostToken } });
  expect(response.status).toBe(200);
  return (await response.json()) as SessionReport;
};

const teamOf = (view: ProjectorView) => Object.fromEntries((view.research?.statements ?? []).map((statement) => [statement.id, statement.team]));
const largestGaps = (view: ProjectorView) => (view.research?.statements ?? []).filter((statement) => statement.largestGap).map((statement) => statement.id);

/** No view a phone ever got holds another phone's rating, another participant's id, or the team's figures. */
function expectNoForeignRatings(phones: Client<PhoneView>[], ids: string[], names: string[], sent: Sent) {
  for (const [index, phone] of phones.entries()) {
    expect(phone.views.length).toBeGreaterThan(0);
    for (const view of phone.views) {
      const payload = JSON.stringify(view);
      for (const [other, id] of ids.entries()) if (other !== index) expect(payload, `${names[index]} got the id of ${names[other]}`).not.toContain(id);
      expect(payload, `${names[index]} got team figures`).not.toContain('"team":');
      expect(payload).not.toContain('"respondents"');
      for (const [statementId, scales] of Object.entries(view.research?.quickscan?.mine ?? {})) {
        expect(sent.isOwn(phone, statementId, scales), `${names[index]} saw ${JSON.stringify(scales)} for ${statementId}, not a rating of their own`).toBe(true);
      }
    }
  }
}

describe('the team quickscan over real sockets', () => {
  it('counts people, hides the team figures below three respondents unless shown, and never sends a phone anyone else’s ratings', async () => {
    const names = ['Anouk', 'Bram', 'Chaima', 'Daan'];
    const { code, hostToken, host, phones } = await inResearchPhase(names);
    const [anouk, bram, chaima, daan] = phones as [Client<PhoneView>, Client<PhoneView>, Client<PhoneView>, Client<PhoneView>];
    const sent = new Sent();
    const ids = phones.map((phone) => phone.last!.me!.id);

    // ——— The quickscan is open: step -1 on the projector, no step on the phones. ———
    const open = host.last!.research!;
    expect(open.step).toBe(-1);
    expect(open.steps).toHaveLength(STEP_COUNT);
    expect(open.playing).toBe(false);
    expect(open.nextStepAt).toBeNull();
    expect(open.quickscan).toEqual({ respondents: 0, participantCount: 4, shown: false, revealed: false, minRespondents: 3 });
    expect(open.statements.map((statement) => statement.id)).toEqual(STATEMENT_IDS);
    expect(open.statements.every((statement) => statement.team === null && !statement.largestGap)).toBe(true);
    // The research's own figures are there from the start, whatever the team did.
    expect(open.statements[0]!.research).toEqual({ mentors: { experience: 31, importance: 100 }, parents: { experience: null, importance: 89 } });
    for (const phone of phones) {
      expect(phone.last!.research!.step).toBeNull();
      expect(phone.last!.research!.quickscan).toMatchObject({ mine: {}, presenting: false });
      expect(phone.last!.research!.quickscan!.statements.map((statement) => statement.id)).toEqual(STATEMENT_IDS);
    }
    expect((await getReport(code, hostToken)).quickscan).toBeNull();

    // ——— Anouk rates all eleven, and corrects one: still one respondent, nothing shown. ———
    const anoukRatings: Record<StatementId, [Rating, Rating]> = {
      'thuissituatie-kennen': [3, 4],
      'rol-ouders-kennen': [1, 4],
      'aandacht-thuissituatie': [3, 3],
      'contact-bij-zorgen': [4, 4],
      'ontwikkeling-thuis': [2, 3],
      'praktische-afspraken': [3, 4],
      'steun-ouders': [2, 4],
      'aanbod-rol-thuis': [1, 2],
      'zelf-onderwerpen': [4, 3],
      'toekomst-leidraad': [3, 4],
      agenda: [1, 4],
    };
    for (const [id, [experience, importance]] of Object.entries(anoukRatings)) await sent.rate(anouk, id, experience, importance);
    // A change of mind on one scale: the other scale stays.
    await sent.rate(anouk, 'thuissituatie-kennen', 2, null);
    const mineAnouk = await anouk.until((view) => view.research?.quickscan?.mine['thuissituatie-kennen']?.experience === 2);
    const anouksOwn = scalesOf({ ...anoukRatings, 'thuissituatie-kennen': [2, 4] });
    expect(mineAnouk.research!.quickscan!.mine).toEqual(anouksOwn);
    expect(Object.keys(mineAnouk.research!.quickscan!.mine)).toHaveLength(11);
    const one = await host.until((view) => view.research?.quickscan?.respondents === 1);
    expect(one.research!.quickscan).toMatchObject({ respondents: 1, shown: false, revealed: false });
    expect(Object.values(teamOf(one)).every((team) => team === null)).toBe(true);
    expect(live.server.rooms.get(code)!.snapshot.context.research!.quickscan.answers).toHaveLength(11);

    // ——— The facilitator shows the figures with one respondent, then hides them again. ———
    expect(await host.socket.emitWithAck('host:quickscanReveal', { revealed: true })).toEqual(ok);
    const revealed = await host.until((view) => view.research?.quickscan?.revealed === true);
    expect(revealed.research!.quickscan).toMatchObject({ respondents: 1, shown: true, revealed: true });
    // One person's ratings: 3 or 4 is 100 % (on the how-well scale only 4), 1 or 2 is 0 %.
    expect(teamOf(revealed)).toEqual(
      teamTable([
        ['thuissituatie-kennen', 0, 100, 1],
        ['rol-ouders-kennen', 0, 100, 1],
        ['aandacht-thuissituatie', 100, 100, 1],
        ['contact-bij-zorgen', 100, 100, 1],
        ['ontwikkeling-thuis', 0, 100, 1],
        ['praktische-afspraken', 100, 100, 1],
        ['steun-ouders', 0, 100, 1],
        ['aanbod-rol-thuis', 0, 0, 1],
        ['zelf-onderwerpen', 100, 100, 1],
        ['toekomst-leidraad', 100, 100, 1],
        ['agenda', 0, 100, 1],
      ]),
    );
    expect(teamOf(revealed)['thuissituatie-kennen']).toEqual({ experience: 0, importance: 100, answers: 1 });
    const revealedReport = await getReport(code, hostToken);
    expect(revealedReport.quickscan).toEqual({ title: revealed.research!.title, respondents: 1, statements: revealed.research!.statements });
    expect(await host.socket.emitWithAck('host:quickscanReveal', { revealed: false })).toEqual(ok);
    const hidden = await host.until((view) => view.research?.quickscan?.revealed === false);
    expect(hidden.research!.quickscan).toMatchObject({ respondents: 1, shown: false });
    expect(Object.values(teamOf(hidden)).every((team) => team === null)).toBe(true);
    expect((await getReport(code, hostToken)).quickscan).toBeNull();

    // ——— Bram rates six statements (one a scale at a time, as the phone sends them): two respondents. ———
    await sent.rate(bram, 'thuissituatie-kennen', 3, null);
    await sent.rate(bram, 'thuissituatie-kennen', null, 4);
    for (const [id, experience, importance] of [
      ['rol-ouders-kennen', 2, 3],
      ['praktische-afspraken', 4, 4],
      ['steun-ouders', 1, 3],
      ['zelf-onderwerpen', 3, 2],
      ['agenda', 2, 2],
    ] as const) {
      await sent.rate(bram, id, experience, importance);
    }
    const two = await host.until((view) => view.research?.quickscan?.respondents === 2);
    expect(two.research!.quickscan!.shown).toBe(false);
    expect(Object.values(teamOf(two)).every((team) => team === null)).toBe(true);
    const bramsOwn = scalesOf({
      'thuissituatie-kennen': [3, 4],
      'rol-ouders-kennen': [2, 3],
      'praktische-afspraken': [4, 4],
      'steun-ouders': [1, 3],
      'zelf-onderwerpen': [3, 2],
      agenda: [2, 2],
    });
    expect((await bram.until((view) => Object.keys(view.research?.quickscan?.mine ?? {}).length === 6)).research!.quickscan!.mine).toEqual(bramsOwn);
    expect((await getReport(code, hostToken)).quickscan).toBeNull();

    // ——— Chaima, the third: now the team's figures show, exactly as worked out by hand. ———
    await sent.rate(chaima, 'thuissituatie-kennen', null, 1);
    await sent.rate(chaima, 'steun-ouders', 3, null);
    await sent.rate(chaima, 'agenda', 2, 4);
    const three = await host.until((view) => view.research?.quickscan?.respondents === 3 && view.research.statements.find((s) => s.id === 'agenda')?.team?.answers === 3);
    expect(three.research!.quickscan).toEqual({ respondents: 3, participantCount: 4, shown: true, revealed: false, minRespondents: 3 });
    // A statement fewer than three rated shows only how many did. Knowing the home situation was asked
    // how well (the research's 31% is "goed"), so only a 4 counts there: Anouk's 2 and Bram's 3 make 0%.
    const afterThree = teamTable([
      ['thuissituatie-kennen', 0, 67, 3],
      ['rol-ouders-kennen', null, null, 2],
      ['aandacht-thuissituatie', null, null, 1],
      ['contact-bij-zorgen', null, null, 1],
      ['ontwikkeling-thuis', null, null, 1],
      ['praktische-afspraken', null, null, 2],
      ['steun-ouders', 33, 100, 3],
      ['aanbod-rol-thuis', null, null, 1],
      ['zelf-onderwerpen', null, null, 2],
      ['toekomst-leidraad', null, null, 1],
      ['agenda', 0, 67, 3],
    ]);
    expect(teamOf(three)).toEqual(afterThree);
    // Gaps (importance − experience): 67, 67, 67; all three positive, so all three marked.
    expect(largestGaps(three)).toEqual(['thuissituatie-kennen', 'steun-ouders', 'agenda']);
    // The research's figures stay beside the team's.
    const byId = (view: ProjectorView, id: string) => view.research!.statements.find((statement) => statement.id === id)!;
    expect(byId(three, 'agenda').research).toEqual({ mentors: { experience: null, importance: 70 }, parents: { experience: 58, importance: 86 } });
    expect(three.research!.statements.map((statement) => statement.research)).toEqual(open.statements.map((statement) => statement.research));
    const reportThree = await getReport(code, hostToken);
    expect(reportThree.quickscan).toEqual({ title: three.research!.title, respondents: 3, statements: three.research!.statements });

    // ——— Daan: a rating with neither scale is no answer; then two real ones make four respondents. ———
    await sent.rate(daan, 'agenda', null, null);
    // The server handled it and every view it caused has arrived (test/helpers/barrier.ts): none.
    await settled([daan], [host, daan]);
    expect(host.last!.research!.quickscan!.respondents).toBe(3);
    expect(daan.last!.research!.quickscan!.mine).toEqual({});
    await sent.rate(daan, 'thuissituatie-kennen', 4, 4);
    await sent.rate(daan, 'toekomst-leidraad', 1, 1);
    const four = await host.until((view) => view.research?.quickscan?.respondents === 4 && byId(view, 'toekomst-leidraad').team?.answers === 2);
    expect(teamOf(four)).toEqual({
      ...afterThree,
      ...teamTable([
        // Daan's 4 is the one "goed" of three: 33%.
        ['thuissituatie-kennen', 33, 75, 4],
        ['toekomst-leidraad', null, null, 2],
      ]),
    });
    expect(largestGaps(four)).toEqual(['thuissituatie-kennen', 'steun-ouders', 'agenda']);

    // ——— Refused: bad ratings, unknown statements, the wrong sender. ———
    for (const payload of [
      { statementId: 'agenda', experience: 0, importance: 3 },
      { statementId: 'agenda', experience: 5, importance: 3 },
      { statementId: 'agenda', experience: '3', importance: 3 },
      { statementId: 'agenda', experience: 3, importance: 2.5 },
      { statementId: 'agenda', experience: 3 },
      { statementId: 'agenda', importance: 3 },
      { experience: 3, importance: 3 },
      { statementId: 'agenda', experience: 3, importance: 3, participantId: 'x' },
      null,
    ]) {
      expect(await daan.socket.emitWithAck('phone:quickscanRate', payload as never), JSON.stringify(payload)).toEqual(invalidPayload);
    }
    expect(await daan.socket.emitWithAck('phone:quickscanRate', { statementId: 'bestaat-niet', experience: 3, importance: 3 })).toEqual(notAllowed);
    expect(await host.socket.emitWithAck('phone:quickscanRate', { statementId: 'agenda', experience: 3, importance: 3 })).toEqual(unauthorized);
    const stranger = track(phoneClient(live.server.url, code, newPhoneToken()));
    await stranger.connected();
    expect(await stranger.socket.emitWithAck('phone:quickscanRate', { statementId: 'agenda', experience: 3, importance: 3 })).toEqual({ ok: false, error: 'not_joined' });
    // Only the facilitator steers the presentation and the reveal.
    expect(await bram.socket.emitWithAck('host:researchStep', { delta: 1 })).toEqual(unauthorized);
    expect(await bram.socket.emitWithAck('host:researchPlay', { playing: true })).toEqual(unauthorized);
    expect(await bram.socket.emitWithAck('host:quickscanReveal', { revealed: true })).toEqual(unauthorized);
    expect(await host.socket.emitWithAck('host:researchStep', { delta: 2 } as never)).toEqual(invalidPayload);
    expect(await host.socket.emitWithAck('host:researchPlay', { playing: 'yes' } as never)).toEqual(invalidPayload);
    await settled([daan, host, stranger, bram], [host]);
    expect(teamOf(host.last!)).toEqual(teamOf(four));
    expect(host.last!.research!.quickscan).toMatchObject({ respondents: 4, revealed: false });
    expect(host.last!.research!.step).toBe(-1);

    // ——— The presentation: the phones follow the projector's step and show its takeaway; rating goes on. ———
    expect(await host.socket.emitWithAck('host:researchStep', { delta: 1 })).toEqual(ok);
    await host.until((view) => view.research?.step === 0);
    for (const phone of phones) {
      const view = await phone.until((v) => v.research?.step?.index === 0);
      expect(view.research!.step).toEqual({ index: 0, count: STEP_COUNT, kind: 'intro', statement: null, takeaway: null });
      expect(view.research!.quickscan?.presenting).toBe(true);
    }
    expect(await host.socket.emitWithAck('host:researchStep', { delta: 1 })).toEqual(ok);
    expect(await host.socket.emitWithAck('host:researchStep', { delta: 1 })).toEqual(ok);
    const second = await host.until((view) => view.research?.step === 2);
    expect(second.research!.steps[2]).toEqual({ kind: 'statement', statementId: 'rol-ouders-kennen' });
    for (const phone of phones) {
      const view = await phone.until((v) => v.research?.step?.index === 2);
      expect(view.research!.step).toMatchObject({ kind: 'statement', statement: byId(second, 'rol-ouders-kennen').text, takeaway: byId(second, 'rol-ouders-kennen').takeaway });
    }
    await sent.rate(chaima, 'zelf-onderwerpen', 4, 4);
    const later = await host.until((view) => byId(view, 'zelf-onderwerpen').team?.answers === 3);
    // Its third rating puts it on the bars: 4, 3, 4 happen; 3, 2, 4 matter.
    expect(byId(later, 'zelf-onderwerpen').team).toEqual({ experience: 100, importance: 67, answers: 3 });
    expect(later.research!.step).toBe(2);

    // ——— The report: the same figures as the projector. ———
    const report = await getReport(code, hostToken);
    expect(report.quickscan).toEqual({ title: later.research!.title, respondents: 4, statements: later.research!.statements });
    expect(JSON.stringify(report.quickscan)).not.toMatch(new RegExp(names.join('|')));

    // ——— Someone removed takes their ratings along. ———
    expect(await host.socket.emitWithAck('host:kick', { participantId: ids[3]! })).toEqual(ok);
    const afterKick = await host.until((view) => view.research?.quickscan?.respondents === 3);
    // Daan's two statements are back at the three others' figures; Chaima's late rating stays.
    expect(teamOf(afterKick)).toEqual({ ...afterThree, ...teamTable([['zelf-onderwerpen', 100, 67, 3]]) });

    // ——— Each phone's last view has exactly its own ratings; no view ever had anyone else's. ———
    expect(anouk.last!.research!.quickscan!.mine).toEqual(anouksOwn);
    expect(bram.last!.research!.quickscan!.mine).toEqual(bramsOwn);
    expect(chaima.last!.research!.quickscan!.mine).toEqual(
      scalesOf({ 'thuissituatie-kennen': [null, 1], 'steun-ouders': [3, null], agenda: [2, 4], 'zelf-onderwerpen': [4, 4] }),
    );
    expectNoForeignRatings(phones, ids, names, sent);
    // The projector's research part never says who rated what.
    for (const view of host.views) {
      const research = JSON.stringify(view.research ?? null);
      for (const [index, id] of ids.entries()) {
        expect(research).not.toContain(id);
        expect(research).not.toContain(names[index]);
      }
    }
  });

  it('refuses steering and rating outside the research phase, and keeps the answers when the facilitator comes back', async () => {
    const { code, hostToken } = await createSession(live.server.url);
    const host = track(hostClient(live.server.url, code, hostToken));
    await host.connected();
    const names = ['Anouk', 'Bram', 'Chaima'];
    const phones: Client<PhoneView>[] = [];
    for (const name of names) phones.push(track(await joinedPhone(live.server.url, code, name)));
    const [anouk] = phones as [Client<PhoneView>];
    const rating = { statementId: 'agenda', experience: 3, importance: 4 } as const;
    const refusedEverything = async (where: string) => {
      for (const [event, payload] of [
        ['host:researchStep', { delta: 1 }],
        ['host:researchStep', { delta: -1 }],
        ['host:researchPlay', { playing: true }],
        ['host:researchPlay', { playing: false }],
        ['host:quickscanReveal', { revealed: true }],
      ] as const) {
        expect(await host.socket.emitWithAck(event, payload as never), `${event} ${where}`).toEqual(notAllowed);
      }
      expect(await anouk.socket.emitWithAck('phone:quickscanRate', rating), `a rating ${where}`).toEqual(notAllowed);
    };

    await refusedEverything('in the lobby');
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
    await host.until((view) => view.phase?.index === 0);
    await refusedEverything('in the intro');
    expect(host.last!.research).toBeNull();
    expect(anouk.last!.research).toBeNull();

    // In the research phase: three answer, the presentation plays.
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    await host.until((view) => view.phase?.index === RESEARCH_PHASE);
    for (const phone of phones) expect(await phone.socket.emitWithAck('phone:quickscanRate', rating)).toEqual(ok);
    expect(await host.socket.emitWithAck('host:researchPlay', { playing: true })).toEqual(ok);
    const playing = await host.until((view) => view.research?.playing === true && view.research.quickscan?.respondents === 3);
    expect(playing.research!.step).toBe(0);

    // The dialogue: no research on any screen, nothing of it accepted.
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    const inDialogue = await host.until((view) => view.phase?.index === DIALOGUE_PHASE);
    expect(inDialogue.research).toBeNull();
    for (const phone of phones) expect((await phone.until((view) => view.phase?.index === DIALOGUE_PHASE)).research).toBeNull();
    await refusedEverything('in the dialogue');
    // The report keeps the quickscan after the phase.
    const report = await getReport(code, hostToken);
    expect(report.quickscan?.respondents).toBe(3);
    expect(report.quickscan?.statements.find((statement) => statement.id === 'agenda')?.team).toEqual({ experience: 100, importance: 100, answers: 3 });

    // Back to the research phase: the answers are still there.
    expect(await host.socket.emitWithAck('host:back', {})).toEqual(ok);
    const back = await host.until((view) => view.phase?.index === RESEARCH_PHASE && view.research !== null);
    expect(back.research!.quickscan).toMatchObject({ respondents: 3, shown: true });
    expect((await anouk.until((view) => view.research !== null)).research!.quickscan!.mine).toEqual({ agenda: { experience: 3, importance: 4 } });
  });
});

describe('the presentation playing by itself', () => {
  it('after play the projector has nextStepAt; at the step boundary the room sends every screen the next step without any client event', async () => {
    const names = ['Anouk', 'Bram', 'Chaima'];
    const { host, phones } = await inResearchPhase(names);
    const [anouk] = phones as [Client<PhoneView>];
    for (const phone of phones) expect(await phone.socket.emitWithAck('phone:quickscanRate', { statementId: 'agenda', experience: 2, importance: 4 })).toEqual(ok);
    await host.until((view) => view.research?.quickscan?.respondents === 3);

    // ——— Play: step 0 (the intro), and when the next step comes, on the server's clock. ———
    expect(await host.socket.emitWithAck('host:researchPlay', { playing: true })).toEqual(ok);
    const started = (await host.until((view) => view.research?.playing === true)).research!;
    const startedAt = host.last!.serverNow;
    expect(started.step).toBe(0);
    expect(started.nextStepAt).not.toBeNull();
    const boundary = started.nextStepAt!;
    // The event's time is a few ms before the view's.
    expect(boundary).toBeLessThanOrEqual(startedAt + STEP_MS);
    expect(boundary).toBeGreaterThan(startedAt + STEP_MS - 1000);
    for (const phone of phones) {
      expect((await phone.until((view) => view.research?.step?.index === 0)).research!.step).toMatchObject({ index: 0, count: STEP_COUNT, kind: 'intro' });
    }

    // No ticks on the wire: from here on, while a step shows, every screen gets the rating's view below
    // and then nothing until the next step (a second of real time, counted below).
    const counts = () => [host, ...phones].map((client) => client.views.length);
    await settled([host, ...phones]);
    const quiet = counts();

    // ——— Jump the server’s clock to 1 s before the boundary. One rating sends views (still step 0)
    // and re-arms the room's timer from the new clock; after that no client sends anything, and the
    // next step still reaches every screen at the boundary. ———
    serverClockTo(boundary - 1000);
    expect(await anouk.socket.emitWithAck('phone:quickscanRate', { statementId: 'agenda', experience: 3, importance: 4 })).toEqual(ok);
    const beforeBoundary = await host.until((view) => view.research?.statements.at(-1)?.team?.experience === 33);
    expect(beforeBoundary.research).toMatchObject({ step: 0, playing: true, nextStepAt: boundary });
    // The rating changed the projector's view and Anouk's own, nobody else's: one message each of them, nothing else since the play.
    await settled([anouk], [host, ...phones]);
    expect(counts().map((count, index) => count - quiet[index]!)).toEqual([1, 1, 0, 0]);
    const emitted: string[] = [];
    for (const client of [host, ...phones]) client.socket.onAnyOutgoing((event: string) => emitted.push(event));
    const from = counts();

    const next = await host.until((view) => view.research?.step === 1, 3000);
    expect(next.serverNow).toBeGreaterThanOrEqual(boundary);
    expect(next.serverNow).toBeLessThan(boundary + 1000);
    expect(next.research).toMatchObject({ step: 1, playing: true, nextStepAt: boundary + STEP_MS });
    expect(next.research!.steps[1]).toEqual({ kind: 'statement', statementId: 'thuissituatie-kennen' });
    const statement = next.research!.statements[0]!;
    for (const phone of phones) {
      const view = await phone.until((v) => v.research?.step?.index === 1, 3000);
      expect(view.serverNow).toBeGreaterThanOrEqual(boundary);
      expect(view.research!.step).toEqual({ index: 1, count: STEP_COUNT, kind: 'statement', statement: statement.text, takeaway: statement.takeaway });
    }
    expect(emitted, 'no client sent anything after the rating').toEqual([]);
    // One new view per screen, sent by the room's timer.
    expect(counts().map((count, index) => count - from[index]!)).toEqual(counts().map(() => 1));

    // ——— Again at the next boundary: the timer re-arms itself after it fired. ———
    serverClockTo(boundary + STEP_MS - 400);
    expect(await host.socket.emitWithAck('host:quickscanReveal', { revealed: true })).toEqual(ok);
    await host.until((view) => view.research?.quickscan?.revealed === true && view.research.step === 1);
    await host.until((view) => view.research?.step === 2, 3000);
    for (const phone of phones) await phone.until((view) => view.research?.step?.index === 2, 3000);

    // ——— Pause: the step stays, no next step, no timer. ———
    const beforePause = counts();
    expect(await host.socket.emitWithAck('host:researchPlay', { playing: false })).toEqual(ok);
    const paused = (await host.until((view) => view.research?.playing === false)).research!;
    expect(paused).toMatchObject({ step: 2, nextStepAt: null });
    skew += 10 * STEP_MS;
    await settled([host, ...phones]);
    // The pause changed the projector's view only, once; nothing more, long after the step's time.
    expect(counts().map((count, index) => count - beforePause[index]!)).toEqual([1, 0, 0, 0]);
    expect(await host.socket.emitWithAck('host:quickscanReveal', { revealed: false })).toEqual(ok);
    expect((await host.until((view) => view.research?.quickscan?.revealed === false)).research!.step).toBe(2);

    // ——— Play on from there: it stops by itself on the last step. ———
    expect(await host.socket.emitWithAck('host:researchPlay', { playing: true })).toEqual(ok);
    const resumed = (await host.until((view) => view.research?.playing === true)).research!;
    expect(resumed.step).toBe(2);
    serverClockTo(resumed.nextStepAt! + (STEP_COUNT - 4) * STEP_MS - 400);
    expect(await host.socket.emitWithAck('host:quickscanReveal', { revealed: true })).toEqual(ok);
    const almost = await host.until((view) => view.research?.quickscan?.revealed === true);
    expect(almost.research).toMatchObject({ step: STEP_COUNT - 2, playing: true });
    const last = await host.until((view) => view.research?.step === STEP_COUNT - 1, 3000);
    expect(last.research).toMatchObject({ playing: false, nextStepAt: null });
    for (const phone of phones) {
      expect((await phone.until((view) => view.research?.step?.index === STEP_COUNT - 1, 3000)).research!.step).toMatchObject({ kind: 'team', statement: null, takeaway: null });
    }
  });

  it('a session restored from its store while playing sends the next step at the boundary by itself', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-research-'));
    try {
      let clock = 0;
      const now = () => Date.now() + clock;
      const first = await startServer({ clientDir: '/nonexistent', store: createSqliteStore(dataDir), now });
      const { code, hostToken } = await createSession(first.url);
      const host = hostClient(first.url, code, hostToken);
      const tokens = ['Anouk', 'Bram', 'Chaima'].map(() => newPhoneToken());
      const phones = await Promise.all(['Anouk', 'Bram', 'Chaima'].map((name, index) => joinedPhone(first.url, code, name, tokens[index])));
      expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
      expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
      for (const phone of phones) expect(await phone.socket.emitWithAck('phone:quickscanRate', { statementId: 'agenda', experience: 4, importance: 4 })).toEqual(ok);
      expect(await host.socket.emitWithAck('host:researchPlay', { playing: true })).toEqual(ok);
      const before = (await host.until((view) => view.research?.playing === true && view.research.quickscan?.respondents === 3)).research!;
      for (const client of [host, ...phones]) client.close();
      await first.close();

      // The new server's clock reads 500 ms before the boundary: its restored room must arm its own timer.
      clock = before.nextStepAt! - 500 - Date.now();
      const second = await startServer({ clientDir: '/nonexistent', store: createSqliteStore(dataDir), now });
      try {
        const again = track(hostClient(second.url, code, hostToken));
        const phonesAgain = tokens.map((token) => track(phoneClient(second.url, code, token)));
        const firstView = (await again.until((view) => view.research !== null)).research!;
        expect(firstView).toMatchObject({ step: 0, playing: true, nextStepAt: before.nextStepAt });
        expect(firstView.statements).toEqual(before.statements);
        const next = await again.until((view) => view.research?.step === 1, 3000);
        expect(next.serverNow).toBeGreaterThanOrEqual(before.nextStepAt!);
        for (const phone of phonesAgain) await phone.until((view) => view.research?.step?.index === 1, 3000);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
