/** What every phase walk gets: the facilitator's projector, the bot phones, the ledger of what they wrote, content/, and where to print. */
import type { Content } from '../../server/content/types.ts';
import type { Consent, ProjectorView } from '../../server/protocol/views.ts';
import type { Client } from '../lib/clients.ts';
import type { Bot } from './bots.ts';
import type { Ledger } from './ledger.ts';

/** One line of the simulator's (Dutch) output. */
export type Log = (line: string) => void;

export interface PhaseContext {
  host: Client<ProjectorView>;
  bots: Bot[];
  ledger: Ledger;
  /** content/ as this checkout has it: the card set and research the projector offers are looked up here. */
  content: Content;
  log: Log;
}

export const plural = (amount: number, one: string, many: string) => `${amount} ${amount === 1 ? one : many}`;

/** A consent as the simulator's output names it. */
export const CONSENT_NL: Record<Consent, string> = { private: 'privé', anonymous: 'zonder naam', named: 'met naam' };
