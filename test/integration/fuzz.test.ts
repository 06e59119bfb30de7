/**
 * Fuzzing the socket protocol with fast-check against a real server: thousands of malformed
 * payloads to every client→server event from facilitator and phone sockets, wrong arities and
 * unknown events, raw socket.io packets, and handshake auth objects.
 *
 * Oracle: every ack is a well-formed Result with a known code; a payload the protocol does not
 * allow gets exactly `invalid_payload`; `ok` only for allowed payloads; the server never logs an
 * error, never rejects unhandled, keeps answering, and its heap stays flat.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents } from '../../server/protocol/events.ts';
import { CODE_ALPHABET } from '../../server/protocol/schemas.ts';
import { startServer, type RunningServer } from '../../server/startServer.ts';
import { DEFAULT_GUESS_LIMITS } from '../../server/app.ts';
import { createSession, hostClient, joinedPhone, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { emitRaw, handshake, isResult, untyped } from '../helpers/hostile.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';

type EventName = keyof ClientToServerEvents;
type Role = 'host' | 'joined' | 'fresh';

const EMPTY_EVENTS = [
  'host:start',
  'host:next',
  'host:back',
  'host:pause',
  'host:resume',
  'host:end',
  'host:delete',
  'host:roleplayRegroup',
  'host:roleplayStartRound',
  'host:roleplayEndRound',
  'host:dialogueStart',
] as const;
const EVENTS: EventName[] = [
  ...EMPTY_EVENTS,
  'host:addTime',
  'host:lock',
  'host:admission',
  'host:admit',
  'host:refuse',
  'host:kick',
  'host:roleplaySetup',
  'host:roleplayMove',
  'host:roleplayExtend',
  'host:dialogueMove',
  'host:plenaryTip',
  'host:plenarySpotlight',
  'host:screenBlank',
  'host:screenPage',
  'host:screenVideo',
  'phone:join',
  'phone:dialogueAnswer',
  'phone:evaluationAnswer',
  'phone:dialogueEdit',
  'phone:dialogueDelete',
  'phone:addNote',
  'phone:roleplayFeedback',
];
/** Ending or deleting the session would end the fuzzing: the host never sends these valid. */
const DESTRUCTIVE = new Set<EventName>(['host:end', 'host:delete']);
const POLLUTED = 'fuzzPolluted';

// ---------------------------------------------------------------------------------------------
// The protocol, written out independently of server/protocol/schemas.ts, for what arrives.

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
const hasExactly = (value: Record<string, unknown>, keys: string[]) => {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
};
const isIntIn = (value: unknown, min: number, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const matches = (value: unknown, pattern: RegExp) => typeof value === 'string' && pattern.test(value);
const KEY = /^[A-Za-z0-9_-]{8,64}$/;
const SMALL_ID = /^[A-Za-z0-9_-]{1,40}$/;
const isAnswerText = (value: unknown) => typeof value === 'string' && value.trim().length >= 1 && value.trim().length <= 500;

/**
 * Whether the protocol allows `payload` for `event`. One leniency of the server is accepted
 * here and reported: an empty array passes as the empty payload `{}` (valibot's strictObject
 * takes arrays).
 */
function allowed(event: EventName, payload: unknown): boolean {
  if ((EMPTY_EVENTS as readonly string[]).includes(event)) {
    return isRecord(payload) && hasExactly(payload, []);
  }
  if (!isRecord(payload)) return false;
  switch (event) {
    case 'host:addTime':
    case 'host:roleplayExtend':
      return hasExactly(payload, ['minutes']) && isIntIn(payload.minutes, 1, 30);
    case 'host:roleplaySetup':
      return (
        hasExactly(payload, ['cardSetId', 'format', 'observers', 'rounds', 'minutesPerRound', 'observersSeeCards']) &&
        matches(payload.cardSetId, /^[A-Za-z0-9_-]{1,40}$/) &&
        ['pairs', 'trios', 'auto'].includes(payload.format as string) &&
        typeof payload.observers === 'boolean' &&
        isIntIn(payload.rounds, 1, 12) &&
        isIntIn(payload.minutesPerRound, 1, 30) &&
        typeof payload.observersSeeCards === 'boolean'
      );
    case 'host:plenaryTip':
      return hasExactly(payload, ['answerId', 'tip']) && matches(payload.answerId, KEY) && typeof payload.tip === 'boolean';
    case 'host:plenarySpotlight':
      return (
        hasExactly(payload, ['groupId', 'answerId']) &&
        (payload.groupId === null || matches(payload.groupId, SMALL_ID)) &&
        (payload.answerId === null || matches(payload.answerId, KEY))
      );
    case 'phone:evaluationAnswer':
    case 'phone:dialogueAnswer':
      return hasExactly(payload, ['key', 'questionId', 'text']) && matches(payload.key, KEY) && matches(payload.questionId, SMALL_ID) && isAnswerText(payload.text);
    case 'phone:dialogueEdit':
      return hasExactly(payload, ['answerId', 'text']) && matches(payload.answerId, KEY) && isAnswerText(payload.text);
    case 'phone:dialogueDelete':
      return hasExactly(payload, ['answerId']) && matches(payload.answerId, KEY);
    case 'host:dialogueMove':
    case 'host:roleplayMove':
      return hasExactly(payload, ['participantId', 'groupId']) && matches(payload.participantId, /^[A-Za-z0-9_-]{1,40}$/) && matches(payload.groupId, /^[A-Za-z0-9_-]{1,40}$/);
    case 'phone:roleplayFeedback':
      return (
        hasExactly(payload, ['key', 'round', 'answers']) &&
        matches(payload.key, /^[A-Za-z0-9_-]{8,64}$/) &&
        isIntIn(payload.round, 0, 11) &&
        Array.isArray(payload.answers) &&
        payload.answers.length >= 1 &&
        payload.answers.length <= 12 &&
        payload.answers.every(
          (answer: unknown) =>
            isRecord(answer) &&
            hasExactly(answer, ['questionId', 'text']) &&
            matches(answer.questionId, /^[A-Za-z0-9_-]{1,40}$/) &&
            typeof answer.text === 'string' &&
            answer.text.trim().length <= 1000,
        )
      );
    case 'host:lock':
      return hasExactly(payload, ['locked']) && typeof payload.locked === 'boolean';
    case 'host:screenBlank':
      return hasExactly(payload, ['blank']) && typeof payload.blank === 'boolean';
    case 'host:screenVideo':
      return hasExactly(payload, ['video']) && typeof payload.video === 'boolean';
    case 'host:screenPage':
      return hasExactly(payload, ['delta']) && (payload.delta === 1 || payload.delta === -1);
    case 'host:admission':
      return hasExactly(payload, ['admission']) && ['open', 'waitingRoom', 'locked'].includes(payload.admission as string);
    case 'host:kick':
    case 'host:admit':
    case 'host:refuse':
      return hasExactly(payload, ['participantId']) && matches(payload.participantId, /^[A-Za-z0-9_-]{1,32}$/);
    case 'phone:join':
      return hasExactly(payload, ['name']) && typeof payload.name === 'string' && payload.name.length <= 200;
    case 'phone:addNote':
      return (
        hasExactly(payload, ['key', 'text', 'phaseIndex']) &&
        matches(payload.key, /^[A-Za-z0-9_-]{8,64}$/) &&
        typeof payload.text === 'string' &&
        payload.text.trim().length >= 1 &&
        payload.text.trim().length <= 500 &&
        isIntIn(payload.phaseIndex, -1, 99)
      );
    default:
      return false;
  }
}

/** The answers a socket of `role` may get to an allowed payload for `event` ('ok' for success). */
function answersFor(event: EventName, role: Role): string[] {
  if (event.startsWith('host:')) return role === 'host' ? ['ok', 'not_allowed'] : ['unauthorized'];
  if (role === 'host') return ['unauthorized'];
  if (event === 'phone:join') return ['ok', 'name_required', 'name_too_long', 'name_invalid_chars', 'name_too_many_marks', 'name_no_letter', 'room_locked', 'room_full', 'session_closed'];
  return ['ok', 'not_joined', 'not_allowed', 'session_closed'];
}

/** What the server receives: socket.io sends JSON (undefined → null, NaN → null, -0 → 0). */
const onTheWire = (payload: unknown): unknown => (JSON.parse(JSON.stringify([payload])) as unknown[])[0];

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');
/** Cut a string until its JSON stays under `bytes`: frames above 16 KB are refused outright. */
function fitTo(bytes: number, text: string): string {
  let fitted = text;
  while (jsonBytes(fitted) > bytes) fitted = fitted.slice(0, Math.floor(fitted.length * 0.8));
  return fitted;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then');
const oddChar = fc.constantFrom('\u0000', '\u202e', '\u200b', '\ufeff', '\u2066', '\t', '\n', ' ', 'a', 'ß', 'ſ', 'e\u0301', '👩‍👩‍👧', '<', '"', '\\', '\ud800', '\udfff');
const oddString = fc.string({ unit: oddChar, maxLength: 80 });
const hugeString = fc
  .tuple(fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '"', '\\', 'é', '😀', '\u0000'), fc.string({ minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 64 }), fc.integer({ min: 500, max: 10_000 }))
  .map(([chunk, length]) => fitTo(10_500, chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length)));
const numberish = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 29, 30, 31, 99, 100, -0, 0.5, 1.5, 2 ** 53, -(2 ** 53), 1e308, Number.NaN, Number.POSITIVE_INFINITY),
);
const leaf = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: oddString },
  { weight: 2, arbitrary: numberish },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, '', '{}', '[]', 'true', 'host', 'phone') },
  { weight: 1, arbitrary: hugeString },
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), protoKey), leaf, { maxKeys: 6 }) },
);

/** An object made from JSON text, so `__proto__` is an own key as it is on the server. */
function objectWith(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const entries = Object.entries(base).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
  entries.push(`${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`);
  return JSON.parse(`{${entries.join(',')}}`) as Record<string, unknown>;
}

const validPayload: Record<EventName, fc.Arbitrary<Record<string, unknown>>> = {
  'host:start': fc.constant({}),
  'host:next': fc.constant({}),
  'host:back': fc.constant({}),
  'host:pause': fc.constant({}),
  'host:resume': fc.constant({}),
  'host:end': fc.constant({}),
  'host:delete': fc.constant({}),
  'host:roleplayRegroup': fc.constant({}),
  'host:dialogueStart': fc.constant({}),
  'host:dialogueMove': fc.record({ participantId: fc.stringMatching(SMALL_ID), groupId: fc.constantFrom('d1', 'd2', 'd9') }),
  'host:plenaryTip': fc.record({ answerId: fc.stringMatching(KEY), tip: fc.boolean() }),
  'host:plenarySpotlight': fc.record({ groupId: fc.option(fc.constantFrom('d1', 'd2')), answerId: fc.option(fc.stringMatching(KEY)) }),
  'phone:dialogueAnswer': fc.record({ key: fc.stringMatching(KEY), questionId: fc.constantFrom('helpen-hinderen', 'x'), text: fc.string({ minLength: 1, maxLength: 500 }) }),
  'phone:evaluationAnswer': fc.record({ key: fc.stringMatching(KEY), questionId: fc.constantFrom('moeilijk-makkelijk', 'x'), text: fc.string({ minLength: 1, maxLength: 500 }) }),
  'host:researchStep': fc.record({ delta: fc.constantFrom(1, -1) }),
  'host:researchPlay': fc.record({ playing: fc.boolean() }),
  'host:screenBlank': fc.record({ blank: fc.boolean() }),
  'host:screenPage': fc.record({ delta: fc.constantFrom(1, -1) }),
  'host:screenVideo': fc.record({ video: fc.boolean() }),
  'host:quickscanReveal': fc.record({ revealed: fc.boolean() }),
  'host:statementVote': fc.record({ open: fc.boolean() }),
  'host:statementVoteAgain': fc.constant({}),
  'host:statementMove': fc.record({ delta: fc.constantFrom(1, -1) }),
  'phone:statementVote': fc.record({
    key: fc.stringMatching(KEY),
    phaseIndex: fc.integer({ min: 0, max: 8 }),
    statement: fc.integer({ min: 0, max: 3 }),
    round: fc.constantFrom(1, 2),
    choice: fc.constantFrom('agree', 'disagree', 'unsure'),
  }),
  'phone:quickscanRate': fc.record({
    statementId: fc.constantFrom('agenda', 'thuissituatie-kennen', 'x'),
    experience: fc.constantFrom(1, 2, 3, 4, null),
    importance: fc.constantFrom(1, 2, 3, 4, null),
  }),
  'host:teamPoint': fc.record({ answerId: fc.stringMatching(KEY), chosen: fc.boolean() }),
  'phone:actionPoint': fc.record({ key: fc.stringMatching(KEY), text: fc.string({ minLength: 1, maxLength: 500 }) }),
  'phone:actionPointDelete': fc.record({ pointId: fc.stringMatching(KEY) }),
  'phone:reportConsent': fc.record({ consent: fc.constantFrom('private', 'anonymous', 'named') }),
  'phone:teamVote': fc.record({ answerId: fc.stringMatching(KEY), vote: fc.boolean() }),
  'phone:dialogueEdit': fc.record({ answerId: fc.stringMatching(KEY), text: fc.string({ minLength: 1, maxLength: 500 }) }),
  'phone:dialogueDelete': fc.record({ answerId: fc.stringMatching(KEY) }),
  'host:roleplayStartRound': fc.constant({}),
  'host:roleplayEndRound': fc.constant({}),
  'host:roleplayExtend': fc.record({ minutes: fc.integer({ min: 1, max: 30 }) }),
  'host:roleplaySetup': fc.record({
    cardSetId: fc.constantFrom('thuissituatie', 'own', 'x'),
    format: fc.constantFrom('pairs', 'trios', 'auto'),
    observers: fc.boolean(),
    rounds: fc.integer({ min: 1, max: 12 }),
    minutesPerRound: fc.integer({ min: 1, max: 30 }),
    observersSeeCards: fc.boolean(),
  }),
  'host:roleplayMove': fc.record({ participantId: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), groupId: fc.constantFrom('g1', 'g2', 'g9') }),
  'phone:roleplayFeedback': fc.record({
    key: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    round: fc.integer({ min: 0, max: 11 }),
    answers: fc.array(fc.record({ questionId: fc.stringMatching(/^[a-z0-9-]{1,40}$/), text: fc.string({ maxLength: 200 }) }), { minLength: 1, maxLength: 12 }),
  }),
  'host:addTime': fc.record({ minutes: fc.integer({ min: 1, max: 30 }) }),
  'host:lock': fc.record({ locked: fc.boolean() }),
  'host:kick': fc.record({ participantId: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/) }),
  'host:admission': fc.record({ admission: fc.constantFrom('open', 'waitingRoom', 'locked') }),
  'host:admit': fc.record({ participantId: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/) }),
  'host:refuse': fc.record({ participantId: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/) }),
  'phone:join': fc.record({ name: fc.oneof(fc.string({ maxLength: 30 }), oddString) }),
  'phone:addNote': fc.record({
    key: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    text: fc.oneof(fc.string({ minLength: 1, maxLength: 500 }), oddString),
    phaseIndex: fc.integer({ min: -1, max: 99 }),
  }),
};

/** A valid payload, then maybe broken: a field dropped, retyped, added, polluted or wrapped. */
const nearValid = (event: EventName): fc.Arbitrary<unknown> =>
  validPayload[event].chain((valid) => {
    const keys = Object.keys(valid);
    const someKey = keys.length ? fc.constantFrom(...keys) : fc.constant('name');
    return fc.oneof(
      fc.constant<unknown>(valid),
      someKey.map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
      fc.tuple(someKey, anyValue).map(([key, value]) => ({ ...valid, [key]: value })),
      fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), protoKey), anyValue).map(([key, value]) => objectWith(valid, key, value)),
      fc.constantFrom<unknown>([valid], JSON.stringify(valid), { payload: valid }, [], Object.values(valid)),
    );
  });

const pollution: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.option(fc.constantFrom(...EVENTS)))
  .chain(([key, event]) =>
    (event ? validPayload[event] : fc.constant({})).map((base) =>
      objectWith(base, key, key === 'constructor' ? { prototype: { [POLLUTED]: true } } : { [POLLUTED]: true, role: 'host' }),
    ),
  );

const deep: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 10, max: 400 }), fc.boolean()).map(([depth, asArray]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { minutes: value, name: value === 'bottom' ? 'x' : undefined };
  return value;
});

const payloadFor = (event: EventName): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: nearValid(event) },
    { weight: 3, arbitrary: anyValue },
    { weight: 1, arbitrary: pollution },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 0, '', false, true, 'x'.repeat(12_000)) },
  );

interface Case {
  event: EventName;
  role: Role;
  payload: unknown;
}

const fuzzCase: fc.Arbitrary<Case> = fc
  .record({ event: fc.constantFrom(...EVENTS), role: fc.constantFrom<Role>('host', 'joined', 'fresh') })
  .chain(({ event, role }) => payloadFor(event).map((payload) => ({ event, role, payload })))
  .filter(({ payload }) => jsonBytes([payload]) < 15_000)
  .filter(({ event, role, payload }) => !(role === 'host' && DESTRUCTIVE.has(event) && allowed(event, onTheWire(payload))));

// ---------------------------------------------------------------------------------------------

/** The heap, measured after a full collection when one can be forced. */
function collector(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => void (gc as () => void)() : null;
  } catch {
    return null;
  }
}
const gc = collector();
function heapUsed(): number {
  // The test clients keep every view they got: keep only the last, so the server's heap is what counts.
  for (const client of [projector, ...Object.values(sockets)]) client.views.splice(0, client.views.length - 1);
  if (gc) for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}
const MB = 1024 * 1024;

// Each test has a server and a session of its own, and checks what it left behind itself
// (expectUnharmed): no test reads what another one did.
let server: RunningServer;
let clock: { ms: number };
let errorLogs: string[];
let unhandled: unknown[];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
let code = '';
let hostToken = '';
let projector: Client<ProjectorView>;
let sockets: Record<Role, Client<ProjectorView> | Client<PhoneView>>;
let counts: { payloads: number; accepted: number; arity: number; raw: number; handshakes: number };

beforeEach(async () => {
  clock = { ms: Date.UTC(2025, 0, 6, 9) };
  errorLogs = [];
  unhandled = [];
  counts = { payloads: 0, accepted: 0, arity: 0, raw: 0, handshakes: 0 };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  // The server's clock: every batch moves it on far enough to refill each socket's bucket.
  server = await startServer({
    clientDir: '/nonexistent',
    now: () => clock.ms,
    logger: { level: 'error', stream: { write: (line: string) => void errorLogs.push(line) } },
  });
  ({ code, hostToken } = await createSession(server.url));
  projector = hostClient(server.url, code, hostToken);
  sockets = { host: hostClient(server.url, code, hostToken), joined: await joinedPhone(server.url, code, 'Fuzz'), fresh: phoneClient(server.url, code) };
  await Promise.all([projector.connected(), sockets.host.connected(), sockets.fresh.connected()]);
});

afterEach(async (context) => {
  for (const client of [projector, ...Object.values(sockets ?? {})]) client?.close();
  await server?.close();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  console.log(
    `fuzz, ${context.task.name}: ${counts.payloads} payloads (${counts.accepted} accepted), ${counts.arity} wrong-arity/unknown events, ` +
      `${counts.raw} raw packets, ${counts.handshakes} handshakes`,
  );
});

/**
 * What every fuzz test must leave behind: a flat heap since `heapBefore` (taken once it was warmed
 * up), no error logged, nothing rejected unhandled, no polluted prototype, and the session in one piece.
 */
async function expectUnharmed(heapBefore: number): Promise<void> {
  // Only the fuzz sockets' own state is dropped; the session with its notes and seats stays.
  const heapAfter = heapUsed();
  console.log(`heapUsed ${(heapBefore / MB).toFixed(1)} → ${(heapAfter / MB).toFixed(1)} MB (${gc ? 'after forced GC' : 'no GC available'})`);
  expect(heapBefore).toBeGreaterThan(0);
  expect(heapAfter - heapBefore).toBeLessThan((gc ? 15 : 50) * MB);
  expect(errorLogs).toEqual([]);
  expect(unhandled).toEqual([]);
  expect(({} as Record<string, unknown>)[POLLUTED]).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty(POLLUTED);
  expect(Object.prototype).not.toHaveProperty('role');
  const view = await projector.until(() => true);
  expect(view.code).toBe(code);
}

/** Sends one batch (≤ 20 per socket) with full buckets and checks every ack. */
async function sendBatch(cases: Case[]): Promise<void> {
  clock.ms += 5_000;
  const acks = await Promise.all(cases.map(({ event, role, payload }) => emitRaw(sockets[role].socket, event, payload)));
  for (const [i, ack] of acks.entries()) {
    const { event, role, payload } = cases[i]!;
    const label = `${event} from ${role} with ${JSON.stringify(payload)?.slice(0, 300)}`;
    expect(isResult(ack), `${label}: a Result`).toBe(true);
    if (!isResult(ack)) return;
    if (!allowed(event, onTheWire(payload))) {
      expect(ack, `${label}: refused`).toEqual({ ok: false, error: 'invalid_payload' });
      continue;
    }
    expect(answersFor(event, role), `${label}: answered ${JSON.stringify(ack)}`).toContain(ack.ok ? 'ok' : ack.error);
    if (ack.ok) {
      counts.accepted++;
      if (event === 'phone:join') expect(ack.data).toEqual({ participantId: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
      else expect(ack.data).toBeNull();
    }
  }
  counts.payloads += cases.length;
}

/** The server still does what a facilitator and a phone ask. */
async function stillServing(): Promise<void> {
  clock.ms += 5_000;
  expect(await projector.socket.emitWithAck('host:lock', { locked: false })).toEqual({ ok: true, data: null });
  const phone = await joinedPhone(server.url, code, `Check ${counts.payloads}`).catch((error: Error) => {
    // Raw joins may have filled all 60 seats: then that is the refusal.
    expect(error.message).toMatch(/: room_full$/);
    return null;
  });
  phone?.close();
  expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBe(200);
}

describe('fuzzing the socket protocol', () => {
  it('answers ≥ 3000 malformed payloads to every event, from facilitator and phone sockets, with coded Results', async () => {
    // Every event from every role at least once, with a typical mix; this also warms up the heap.
    for (const event of EVENTS) {
      const cases = fc.sample(fc.constantFrom<Role>('host', 'joined', 'fresh').chain((role) => payloadFor(event).map((payload) => ({ event, role, payload }))), 60);
      const safe = cases.filter((c) => jsonBytes([c.payload]) < 15_000 && !(c.role === 'host' && DESTRUCTIVE.has(c.event) && allowed(c.event, onTheWire(c.payload))));
      for (let i = 0; i < safe.length; i += 18) await sendBatch(safe.slice(i, i + 18));
    }
    const heapBefore = heapUsed();

    await fc.assert(
      fc.asyncProperty(fc.array(fuzzCase, { minLength: 10, maxLength: 20 }), async (cases) => {
        // ≤ 20 per socket: three sockets, so never above a full bucket.
        await sendBatch(cases);
      }),
      { numRuns: 600 },
    );
    await stillServing();
    expect(counts.payloads).toBeGreaterThanOrEqual(3000);
    await expectUnharmed(heapBefore);
  });

  it('survives missing and extra arguments, no ack, and unknown event names', async () => {
    const names = fc.oneof(
      fc.constantFrom<string>(...EVENTS),
      fc.constantFrom('host:foo', 'phone:', 'host:start ', 'HOST:START', 'error', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'view:projector', 'session:gone'),
      fc.string({ maxLength: 30 }).filter((name) => !['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(name)),
    );
    const property = fc.asyncProperty(fc.array(fc.tuple(names, fc.array(anyValue, { maxLength: 3 })), { minLength: 1, maxLength: 19 }), async (emits) => {
      clock.ms += 5_000;
      for (const [name, args] of emits) {
        if (jsonBytes(args) > 14_000) continue;
        // Destructive host commands with an empty payload would end the fuzzing; a phone sends them.
        const socket = DESTRUCTIVE.has(name as EventName) ? sockets.fresh.socket : sockets.host.socket;
        untyped(socket).emit(name, ...args);
        counts.arity++;
      }
      // Events on one socket are handled in order: this ack comes after all of the above.
      expect(await sockets.host.socket.emitWithAck('host:addTime', { minutes: 0 })).toEqual({ ok: false, error: 'invalid_payload' });
      expect(await emitRaw(sockets.fresh.socket, 'host:start', 1)).toEqual({ ok: false, error: 'invalid_payload' });
    });
    // A few rounds to warm up the heap, then the run it is measured over.
    await fc.assert(property, { numRuns: 15 });
    const heapBefore = heapUsed();
    await fc.assert(property, { numRuns: 150 });
    expect(sockets.host.socket.connected && sockets.fresh.socket.connected).toBe(true);
    await stillServing();
    await expectUnharmed(heapBefore);
  });

  it('survives raw, broken socket.io packets; only the sending connection may be closed', async () => {
    const prefixes = ['0', '1', '2', '3', '4', '40', '41', '42', '43', '44', '45', '46', '451-', '45999999-', '42/nope,', '40/admin,', '2probe', '6'];
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      fc.constantFrom('["host:start",{}]', '["phone:join",{"name":"Raw"}]', '["phone:addNote",{"_placeholder":true,"num":0}]', '[', '{"', '["__proto__",{}]', '[1,2,3]', '[null]'),
      fc.string({ maxLength: 60 }),
    );
    const packet = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...prefixes), fc.option(fc.nat({ max: 99999 })), body).map(([p, id, b]) => `${p}${id ?? ''}${b}`) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    );
    const property = fc.asyncProperty(fc.array(packet, { minLength: 1, maxLength: 8 }), async (packets) => {
      clock.ms += 5_000;
      const raw = phoneClient(server.url, code);
      try {
        await raw.connected();
        for (const data of packets) {
          if (!raw.socket.connected) break;
          raw.socket.io.engine.write(typeof data === 'string' ? data : Buffer.from(data));
          counts.raw++;
        }
        // Everyone else is still served, in order.
        expect(await projector.socket.emitWithAck('host:addTime', { minutes: 0 })).toEqual({ ok: false, error: 'invalid_payload' });
      } finally {
        raw.close();
      }
    });
    // A few rounds to warm up the heap, then the run it is measured over.
    await fc.assert(property, { numRuns: 20 });
    const heapBefore = heapUsed();
    await fc.assert(property, { numRuns: 200 });
    await stillServing();
    await expectUnharmed(heapBefore);
  });

  it('answers arbitrary handshake auth objects with a coded refusal', async () => {
    // Its own server: failed lookups block this address for 10 minutes.
    // Its clock jumps past the throttle window before every 20th wrong guess: the throttle itself
    // is tested in hostile.test.ts, here every refusal must carry its own code.
    let skewMs = 0;
    // Wrong guesses answered without the half-second wait: what is fuzzed here is the handshake, not its timing (hostile.test.ts).
    const guarded = await startServer({ clientDir: '/nonexistent', now: () => Date.now() + skewMs, guessLimits: { ...DEFAULT_GUESS_LIMITS, answerDelayMs: 0 } });
    try {
      const own = await createSession(guarded.url);
      const codeLike = fc.oneof(
        fc.constant(own.code),
        fc.constant(own.code.toLowerCase()),
        fc.string({ unit: fc.constantFrom(...CODE_ALPHABET, 'ſ', 'ı', '0', 'O'), minLength: 5, maxLength: 7 }),
        leaf,
      );
      const tokenLike = fc.oneof(fc.constant(own.hostToken), fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/), leaf);
      const auth = fc.oneof(
        { weight: 4, arbitrary: fc.record({ role: fc.oneof(fc.constantFrom('host', 'phone', 'Host', 'admin', ''), leaf), code: codeLike, token: tokenLike }, { requiredKeys: [] }) },
        // Well-formed, mostly wrong: these count as failed lookups.
        {
          weight: 2,
          arbitrary: fc.record({
            role: fc.constantFrom('host', 'phone'),
            code: fc.oneof(fc.constant(own.code), fc.stringMatching(new RegExp(`^[${CODE_ALPHABET}]{6}$`))),
            token: fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/),
          }),
        },
        { weight: 1, arbitrary: fc.tuple(fc.record({ role: fc.constant('phone'), code: fc.constant(own.code), token: tokenLike }), protoKey).map(([base, key]) => objectWith(base, key, { role: 'host', [POLLUTED]: true })) },
        { weight: 1, arbitrary: anyValue },
      ).filter((candidate) => jsonBytes(candidate) < 15_000);

      let failures = 0;
      const property = fc.asyncProperty(auth, async (candidate) => {
        const wire = onTheWire(candidate);
        if (failures === 20) {
          skewMs += 10 * 60_000 + 1;
          failures = 0;
        }
        const outcome = await handshake(guarded.url, candidate);
        counts.handshakes++;
        if (outcome.kind === 'connected') outcome.socket.close();
        const label = `auth ${JSON.stringify(candidate)?.slice(0, 200)} → ${JSON.stringify(outcome.kind === 'connected' ? 'connected' : outcome)}`;

        if (!isRecord(wire)) {
          // Not an object: refused as invalid, or the connection is closed.
          expect(outcome.kind === 'closed' || (outcome.kind === 'refused' && outcome.code === 'invalid_payload'), label).toBe(true);
          return;
        }
        const { role, code: authCode, token } = wire;
        const valid =
          (role === 'host' || role === 'phone') &&
          typeof authCode === 'string' &&
          new RegExp(`^[${CODE_ALPHABET}]{6}$`).test(authCode.toUpperCase()) &&
          matches(token, /^[A-Za-z0-9_-]{22,64}$/);
        if (!valid) {
          expect(outcome.kind === 'refused' && outcome.code, label).toBe('invalid_payload');
          return;
        }
        const right = authCode.toUpperCase() === own.code && (role === 'phone' || token === own.hostToken);
        if (right) {
          expect(outcome.kind, label).toBe('connected');
          return;
        }
        // A wrong facilitator's token is answered as a wrong code: the answer never tells that a code exists.
        expect(outcome.kind === 'refused' && outcome.code, label).toBe('unknown_session');
        failures++;
      });
      // A few rounds to warm up the heap, then the run it is measured over.
      await fc.assert(property, { numRuns: 50 });
      const heapBefore = heapUsed();
      await fc.assert(property, { numRuns: 500 });
      // Enough wrong guesses to have crossed the throttle window at least once.
      expect(skewMs).toBeGreaterThan(0);
      await expectUnharmed(heapBefore);
    } finally {
      await guarded.close();
    }
  });
});

