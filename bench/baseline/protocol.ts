/**
 * The baseline's protocol: the least a session needs to deal cards to phones. A phone joins with a
 * name and gets its card as one small private message; the host deals and moves the phase on.
 */

export interface BaselineAuth {
  role: 'host' | 'phone';
  code: string;
  token: string;
}

export interface BaselineCard {
  round: number;
  role: 'mentor' | 'parent';
  cardId: string;
}

/** What a phone is sent when it connects: its seat, if it has one, and where the session is. */
export interface BaselinePhoneState {
  me: { id: string; name: string } | null;
  phase: number;
  card: BaselineCard | null;
}

export type BaselineAck<T> = (result: { ok: true; data: T } | { ok: false; error: string }) => void;

export interface BaselineServerToClient {
  state: (state: BaselinePhoneState) => void;
  card: (card: BaselineCard) => void;
  phase: (phase: { index: number }) => void;
  /** To the host: someone joined. */
  joined: (who: { id: string; name: string }) => void;
}

export interface BaselineClientToServer {
  join: (payload: { name: string }, ack: BaselineAck<{ id: string }>) => void;
  note: (payload: { key: string; text: string }, ack: BaselineAck<null>) => void;
  deal: (payload: Record<string, never>, ack: BaselineAck<{ round: number }>) => void;
  next: (payload: Record<string, never>, ack: BaselineAck<{ index: number }>) => void;
  back: (payload: Record<string, never>, ack: BaselineAck<{ index: number }>) => void;
}
