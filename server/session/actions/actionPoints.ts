/**
 * Action points, as pure functions on their state: each participant writes their own for the next
 * parent conversations and decides whether the report may hold them (with or without their name);
 * the team votes on the tips marked in the plenary and the facilitator makes the chosen ones the
 * team's action points.
 */
import type { Consent } from '../../protocol/views.ts';

export interface ActionPoint {
  /** Made once by the phone: a retried send is stored once. */
  id: string;
  participantId: string;
  text: string;
  at: number;
}

export interface ActionsState {
  points: ActionPoint[];
  /** Participants who chose something other than 'private'. */
  consent: Record<string, Consent>;
  /** Who wants which tip (a dialogue answer id) as a team action point. */
  votes: { participantId: string; answerId: string }[];
  /** The team's action points, copied from the tips: later edits on a flip-over do not change them. */
  team: { answerId: string; text: string }[];
}

export const MAX_POINTS_PER_PERSON = 10;

export const emptyActions = (): ActionsState => ({ points: [], consent: {}, votes: [], team: [] });

export function addPoint(state: ActionsState, point: ActionPoint): ActionsState {
  if (state.points.some((existing) => existing.id === point.id) || !canAdd(state, point.participantId, point.id)) return state;
  return { ...state, points: [...state.points, point] };
}

/** Room for one more point (or the same one sent again). */
export const canAdd = (state: ActionsState, participantId: string, pointId: string) =>
  state.points.some((point) => point.id === pointId) || state.points.filter((point) => point.participantId === participantId).length < MAX_POINTS_PER_PERSON;

export const isOwnPoint = (state: ActionsState, participantId: string, pointId: string) =>
  state.points.some((point) => point.id === pointId && point.participantId === participantId);

export function deletePoint(state: ActionsState, pointId: string): ActionsState {
  return { ...state, points: state.points.filter((point) => point.id !== pointId) };
}

export function setConsent(state: ActionsState, participantId: string, consent: Consent): ActionsState {
  const rest = Object.fromEntries(Object.entries(state.consent).filter(([id]) => id !== participantId));
  return { ...state, consent: consent === 'private' ? rest : { ...rest, [participantId]: consent } };
}

export const consentOf = (state: ActionsState, participantId: string): Consent => state.consent[participantId] ?? 'private';

export function vote(state: ActionsState, participantId: string, answerId: string, wanted: boolean): ActionsState {
  const votes = state.votes.filter((entry) => !(entry.participantId === participantId && entry.answerId === answerId));
  return { ...state, votes: wanted ? [...votes, { participantId, answerId }] : votes };
}

export function choose(state: ActionsState, tip: { answerId: string; text: string }): ActionsState {
  return { ...state, team: [...state.team.filter((point) => point.answerId !== tip.answerId), tip] };
}

export function unchoose(state: ActionsState, answerId: string): ActionsState {
  return { ...state, team: state.team.filter((point) => point.answerId !== answerId) };
}

/** A removed participant's points, votes and consent go with them. */
export function leave(state: ActionsState, participantId: string): ActionsState {
  return {
    ...state,
    points: state.points.filter((point) => point.participantId !== participantId),
    consent: setConsent(state, participantId, 'private').consent,
    votes: state.votes.filter((entry) => entry.participantId !== participantId),
  };
}
