/**
 * The action points (phase 7 of the default programme) over real sockets: personal points that only
 * their owner ever receives, votes on the plenary's tips, the facilitator's team points, the report
 * (host only) with only the points people agreed to, and a follow-up meeting started from that
 * report's Markdown file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../common/dates.ts';
import { nl } from '../../common/i18n/nl.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import type { CreateSessionResponse } from '../../server/protocol/events.ts';
import type { PhoneView, SessionReport } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, hostClient, joinedPhone, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { useLiveServer, walkTo } from '../helpers/liveServer.ts';

/** Agenda of the default programme: intro, research, dialogue, plenary, roleplay, evaluation, actions. */
const DIALOGUE_PHASE = 2;
const PLENARY_PHASE = 3;
const ACTIONS_PHASE = 6;
const ok = { ok: true, data: null };
const notAllowed = { ok: false, error: 'not_allowed' };
const unauthorized = { ok: false, error: 'unauthorized' };

const live = useLiveServer();
const track = live.track;

const post = (path: string, body: unknown) =>
  fetch(`${live.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const getReport = (code: string, headers: Record<string, string> = {}) => fetch(`${live.server.url}/api/sessions/${code}/report`, { headers });
const brokenReport = (name: string) => readFileSync(join(PROJECT_ROOT, 'test/fixtures/reports', name), 'utf8');

/**
 * Anouk, Bram and Chaima in one dialogue group, each with an answer; the plenary marked Anouk's and
 * Chaima's as tips; the session on the action points phase.
 */
async function inActionsPhase() {
  const { code, hostToken, host, phones } = await live.sessionAt(['Anouk', 'Bram', 'Chaima'], DIALOGUE_PHASE);
  const [anouk, bram, chaima] = phones as [Client<PhoneView>, Client<PhoneView>, Client<PhoneView>];
  expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(ok);

  const answers = { anouk: 'Een rustige plek zonder haast', bram: 'Vraag wat ouders thuis zien', chaima: 'Stuur vooraf een agenda' };
  const keys = { anouk: randomUUID(), bram: randomUUID(), chaima: randomUUID() };
  for (const [who, phone] of [['anouk', anouk], ['bram', bram], ['chaima', chaima]] as const) {
    await phone.until((view) => Boolean(view.dialogue?.group));
    expect(await phone.socket.emitWithAck('phone:dialogueAnswer', { key: keys[who], questionId: 'oplossingen', text: answers[who] })).toEqual(ok);
  }
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  await host.until((view) => view.phase?.index === PLENARY_PHASE);
  expect(await host.socket.emitWithAck('host:plenaryTip', { answerId: keys.anouk, tip: true })).toEqual(ok);
  expect(await host.socket.emitWithAck('host:plenaryTip', { answerId: keys.chaima, tip: true })).toEqual(ok);
  await walkTo(host, ACTIONS_PHASE);
  const board = await host.until((view) => view.phase?.index === ACTIONS_PHASE && view.actions !== null);
  expect(board.phase?.kind).toBe('actions');
  expect(board.actions).toEqual({
    tips: [
      { id: keys.anouk, groupId: 'd1', text: answers.anouk, votes: 0, chosen: false },
      { id: keys.chaima, groupId: 'd1', text: answers.chaima, votes: 0, chosen: false },
    ],
    team: [],
    writers: 0,
    participantCount: 3,
  });
  for (const phone of [anouk, bram, chaima]) await phone.until((view) => view.actions?.open === true);
  return { code, hostToken, host, anouk, bram, chaima, answers, keys };
}

describe('action points over real sockets', () => {
  it('points reach their owner only; votes and team points; the report has what people agreed to; a follow-up meeting reads it back', async () => {
    const { code, hostToken, host, anouk, bram, chaima, answers, keys } = await inActionsPhase();
    const minePoints = (phone: Client<PhoneView>) => phone.last?.actions?.mine.map((point) => point.text) ?? [];

    // ——— Personal points: a retried send is stored once; each phone sees its own. ———
    const points = {
      anouk: [
        { key: randomUUID(), text: 'Vaker doorvragen (A1)' },
        { key: randomUUID(), text: 'Eerst de leerling laten praten (A2)' },
      ],
      bram: [{ key: randomUUID(), text: 'Minder zelf invullen (B1)' }],
      chaima: [{ key: randomUUID(), text: 'Stiltes laten vallen (C1)' }],
    };
    const phones = { anouk, bram, chaima };
    for (const [who, list] of Object.entries(points) as [keyof typeof points, typeof points.anouk][]) {
      for (const point of list) expect(await phones[who].socket.emitWithAck('phone:actionPoint', point)).toEqual(ok);
    }
    const [retried] = points.anouk as [(typeof points.anouk)[number]];
    expect(await anouk.socket.emitWithAck('phone:actionPoint', retried)).toEqual(ok);
    for (const [who, list] of Object.entries(points) as [keyof typeof points, typeof points.anouk][]) {
      const view = await phones[who].until((v) => v.actions?.mine.length === list.length);
      expect(view.actions?.mine).toEqual(list.map(({ key, text }) => ({ id: key, text })));
    }
    expect(live.server.rooms.get(code)?.snapshot.context.actions.points).toHaveLength(4);
    await host.until((view) => view.actions?.writers === 3);

    // Only the owner deletes; someone else's point (by its id) is refused.
    expect(await bram.socket.emitWithAck('phone:actionPointDelete', { pointId: retried.key })).toEqual(notAllowed);
    expect(await host.socket.emitWithAck('phone:actionPointDelete', { pointId: retried.key })).toEqual(unauthorized);
    const gone = { key: randomUUID(), text: 'Toch niet (B2)' };
    expect(await bram.socket.emitWithAck('phone:actionPoint', gone)).toEqual(ok);
    await bram.until((view) => view.actions?.mine.some((point) => point.id === gone.key) === true);
    expect(await bram.socket.emitWithAck('phone:actionPointDelete', { pointId: gone.key })).toEqual(ok);
    await bram.until((view) => view.actions?.mine.length === 1);
    expect(minePoints(anouk)).toEqual(points.anouk.map((point) => point.text));

    // ——— Consent: Anouk with her name, Chaima without; Bram keeps his to himself. ———
    expect(await anouk.socket.emitWithAck('phone:reportConsent', { consent: 'named' })).toEqual(ok);
    expect(await chaima.socket.emitWithAck('phone:reportConsent', { consent: 'anonymous' })).toEqual(ok);
    await anouk.until((view) => view.actions?.consent === 'named');
    await chaima.until((view) => view.actions?.consent === 'anonymous');
    expect(bram.last?.actions?.consent).toBe('private');

    // ——— Votes on the tips; the facilitator chooses the team point. ———
    // (In an order where the final counts show only after the last vote.)
    expect(await chaima.socket.emitWithAck('phone:teamVote', { answerId: keys.chaima, vote: true })).toEqual(ok);
    expect(await chaima.socket.emitWithAck('phone:teamVote', { answerId: keys.chaima, vote: false })).toEqual(ok);
    expect(await anouk.socket.emitWithAck('phone:teamVote', { answerId: keys.anouk, vote: true })).toEqual(ok);
    expect(await anouk.socket.emitWithAck('phone:teamVote', { answerId: keys.anouk, vote: true })).toEqual(ok);
    expect(await bram.socket.emitWithAck('phone:teamVote', { answerId: keys.anouk, vote: true })).toEqual(ok);
    // Bram's answer was no tip.
    expect(await chaima.socket.emitWithAck('phone:teamVote', { answerId: keys.bram, vote: true })).toEqual(notAllowed);
    const voted = await host.until((view) => view.actions?.tips.map((tip) => tip.votes).join() === '2,0');
    expect(voted.actions?.tips.map((tip) => tip.id)).toEqual([keys.anouk, keys.chaima]);
    expect((await bram.until((view) => view.actions?.tips[0]?.voted === true)).actions?.tips.map((tip) => tip.voted)).toEqual([true, false]);

    expect(await bram.socket.emitWithAck('host:teamPoint', { answerId: keys.anouk, chosen: true })).toEqual(unauthorized);
    expect(await host.socket.emitWithAck('host:teamPoint', { answerId: keys.bram, chosen: true })).toEqual(notAllowed);
    expect(await host.socket.emitWithAck('host:teamPoint', { answerId: keys.chaima, chosen: true })).toEqual(ok);
    expect(await host.socket.emitWithAck('host:teamPoint', { answerId: keys.chaima, chosen: false })).toEqual(ok);
    expect(await host.socket.emitWithAck('host:teamPoint', { answerId: keys.anouk, chosen: true })).toEqual(ok);
    const chosen = await host.until((view) => view.actions?.team[0]?.answerId === keys.anouk);
    expect(chosen.actions?.team).toEqual([{ answerId: keys.anouk, text: answers.anouk }]);
    expect(chosen.actions?.tips.map((tip) => tip.chosen)).toEqual([true, false]);
    for (const phone of [anouk, bram, chaima]) await phone.until((view) => view.actions?.team.join() === answers.anouk);

    // ——— The report: host only, with the team point and only the points people agreed to. ———
    expect((await getReport(code)).status).toBe(404);
    const other = await createSession(live.server.url);
    expect((await getReport(code, { 'x-host-token': other.hostToken })).status).toBe(404);
    expect((await getReport(code, { 'x-host-token': 'x' })).status).toBe(404);
    expect((await getReport(other.code, { 'x-host-token': hostToken })).status).toBe(404);
    const response = await getReport(code, { 'x-host-token': hostToken });
    expect(response.status).toBe(200);
    const report = (await response.json()) as SessionReport;
    expect(report.teamActionPoints).toEqual([answers.anouk]);
    expect(report.personalActionPoints).toEqual([
      { name: 'Anouk', points: points.anouk.map((point) => point.text) },
      { name: null, points: points.chaima.map((point) => point.text) },
    ]);
    expect(report.tips).toEqual([answers.anouk, answers.chaima]);
    expect(report.participantCount).toBe(3);
    expect(report.phases.map((phase) => phase.kind)).toEqual(['intro', 'research', 'dialogue', 'plenary', 'roleplay', 'evaluation', 'actions']);
    const reportText = JSON.stringify(report);
    for (const secret of ['(B1)', '(B2)', 'Bram', 'Chaima']) expect(reportText).not.toContain(secret);

    // ——— The close: each phone keeps its own points to take home. ———
    expect(await host.socket.emitWithAck('host:end', {})).toEqual(ok);
    for (const [who, phone] of Object.entries(phones) as [keyof typeof points, Client<PhoneView>][]) {
      const view = await phone.until((v) => v.status === 'closed');
      expect(view.actions).toMatchObject({ open: false, team: [answers.anouk] });
      expect(view.actions?.mine.map((point) => point.text)).toEqual(points[who].map((point) => point.text));
    }
    expect(await anouk.socket.emitWithAck('phone:actionPoint', { key: randomUUID(), text: 'Te laat' })).toEqual(notAllowed);
    const closedReport = (await (await getReport(code, { 'x-host-token': hostToken })).json()) as SessionReport;
    expect(closedReport.closedAt).not.toBeNull();
    expect(closedReport.personalActionPoints).toEqual(report.personalActionPoints);

    // ——— Over the whole session: no phone got a word of someone else's points; the projector none at all. ———
    const all = [...points.anouk, ...points.bram, ...points.chaima, gone];
    for (const [who, phone] of Object.entries(phones) as [keyof typeof points, Client<PhoneView>][]) {
      const foreign = all.filter((point) => !points[who].includes(point) && !(who === 'bram' && point === gone));
      for (const view of phone.views) {
        const payload = JSON.stringify(view);
        for (const point of foreign) {
          expect(payload, `${who} got “${point.text}”`).not.toContain(point.text);
          expect(payload, `${who} got the id of “${point.text}”`).not.toContain(point.key);
        }
      }
    }
    for (const view of host.views) {
      const payload = JSON.stringify(view);
      for (const point of all) {
        expect(payload, `the projector got “${point.text}”`).not.toContain(point.text);
        expect(payload).not.toContain(point.key);
      }
    }

    // ——— The follow-up meeting, started from the report's Markdown file. ———
    const markdown = reportMarkdown(closedReport, nl, 'nl');
    const created = await post('/api/sessions', { previousReport: { fileName: 'verslag.md', source: markdown } });
    expect(created.status).toBe(201);
    const next = (await created.json()) as CreateSessionResponse;
    const host2 = track(hostClient(live.server.url, next.code, next.hostToken));
    const lookBack = await host2.until((view) => view.lookBack !== null);
    expect(lookBack.lookBack).toEqual({ date: isoDate(closedReport.createdAt), programme: closedReport.programmeTitle, team: [answers.anouk], personalCount: 1 });

    // Anouk comes back (typing her name a little differently): she sees her own points, the others none.
    const anouk2 = track(phoneClient(live.server.url, next.code));
    await anouk2.connected();
    expect(await anouk2.socket.emitWithAck('phone:join', { name: ' anouk ' })).toMatchObject({ ok: true });
    const back = await anouk2.until((view) => view.me !== null);
    expect(back.lookBack).toEqual({ date: isoDate(closedReport.createdAt), team: [answers.anouk], mine: points.anouk.map((point) => point.text) });
    for (const name of ['Bram', 'Chaima']) {
      const phone = track(await joinedPhone(live.server.url, next.code, name));
      expect(phone.last?.lookBack).toEqual({ date: isoDate(closedReport.createdAt), team: [answers.anouk], mine: [] });
    }
    await host2.until((view) => view.participants.length === 3);
    for (const view of host2.views) for (const point of points.anouk) expect(JSON.stringify(view)).not.toContain(point.text);
  });
});

describe('reading a previous report', () => {
  const goodReport = ['---', 'report: driegesprek', 'version: 1', 'date: "2026-11-23"', 'programme: "Tienminutengesprekken"', 'team:', '  - "Agenda vooraf sturen"', 'personal: []', '---', ''].join('\n');

  it('POST /api/reports/check gives the look back of a good file and the problems of a broken one', async () => {
    const good = await post('/api/reports/check', { fileName: 'verslag.md', source: goodReport });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ ok: true, lookBack: { date: '2026-11-23', programme: 'Tienminutengesprekken', team: ['Agenda vooraf sturen'], personal: [] } });

    const broken = await post('/api/reports/check', { fileName: 'personal-without-name.md', source: brokenReport('personal-without-name.md') });
    expect(broken.status).toBe(200);
    expect(await broken.json()).toEqual({ ok: false, problems: [{ file: 'personal-without-name.md', line: 12, field: 'personal.1.name', message: 'ontbreekt', severity: 'error' }] });

    expect((await post('/api/reports/check', { fileName: 'verslag.md' })).status).toBe(400);
  });

  it('POST /api/sessions with a broken report: 400 with the problems', async () => {
    const response = await post('/api/sessions', { previousReport: { fileName: 'wrong-version.md', source: brokenReport('wrong-version.md') } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_payload',
      problems: [{ file: 'wrong-version.md', line: 3, field: 'version', message: 'onbekende versie van het verslag', severity: 'error' }],
    });
  });
});
