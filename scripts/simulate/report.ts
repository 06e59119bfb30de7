/**
 * After the close: the session report as the facilitator downloads it (Markdown, in the session's
 * language), checked against what the bots and the host did (checks.ts), and written to a file when
 * one was asked for (--report).
 */
import { writeFileSync } from 'node:fs';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import type { SessionReport } from '../../server/protocol/views.ts';
import { checkReport } from './checks.ts';
import type { Ledger } from './ledger.ts';
import type { Log } from './phaseContext.ts';

export async function checkSessionReport(session: { url: string; code: string; hostToken: string }, file: string | undefined, ledger: Ledger, log: Log): Promise<boolean> {
  const response = await fetch(`${session.url}/api/sessions/${session.code}/report`, { headers: { 'x-host-token': session.hostToken } });
  if (!response.ok) return log(`FOUT: het verslag ophalen mislukte (HTTP ${response.status})`), false;
  const report = (await response.json()) as SessionReport;
  const t = report.language === 'en' ? en : nl;
  const markdown = reportMarkdown(report, t, report.language);
  if (file) writeFileSync(file, markdown);
  const lineCount = markdown.trimEnd().split('\n').length;
  const head = file ? `Verslag geschreven naar ${file}` : 'Verslag';
  const problems = checkReport(markdown, report, ledger, t);
  if (!problems.length) return log(`${head} (${lineCount} regels): in orde`), true;
  log(`FOUT: ${head} (${lineCount} regels), maar het klopt niet (${problems.length} fouten):`);
  for (const problem of problems) log(`  ${problem}`);
  return false;
}
