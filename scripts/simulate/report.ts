/** After the close: the session report as the facilitator downloads it, written to a file and checked (checks.ts). */
import { writeFileSync } from 'node:fs';
import { nl } from '../../common/i18n/nl.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import type { SessionReport } from '../../server/protocol/views.ts';
import { checkReport } from './checks.ts';
import type { Ledger } from './ledger.ts';
import type { Log } from './phaseContext.ts';

export async function writeReport(session: { url: string; code: string; hostToken: string }, file: string, ledger: Ledger, log: Log): Promise<boolean> {
  const response = await fetch(`${session.url}/api/sessions/${session.code}/report`, { headers: { 'x-host-token': session.hostToken } });
  if (!response.ok) return log(`FOUT: het verslag ophalen mislukte (HTTP ${response.status})`), false;
  const report = (await response.json()) as SessionReport;
  const markdown = reportMarkdown(report, nl, 'nl');
  writeFileSync(file, markdown);
  const lineCount = markdown.trimEnd().split('\n').length;
  const problems = checkReport(markdown, report, ledger);
  if (!problems.length) return log(`Verslag geschreven naar ${file} (${lineCount} regels): in orde`), true;
  log(`FOUT: verslag geschreven naar ${file} (${lineCount} regels), maar het klopt niet (${problems.length} fouten):`);
  for (const problem of problems) log(`  ${problem}`);
  return false;
}
