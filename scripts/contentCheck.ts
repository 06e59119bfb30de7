/** `npm run content:check [-- DIR]`: validates content (default content/); exits 1 listing every problem. */
import { resolve } from 'node:path';
import { checkContent, formatProblem } from '../server/content/loadContent.ts';

const dir = resolve(process.argv[2] ?? 'content');
const { content, problems } = checkContent(dir);
if (problems.length) {
  console.error(`${problems.length === 1 ? '1 fout' : `${problems.length} fouten`} in ${dir}:`);
  for (const problem of problems) console.error(formatProblem(problem));
  process.exit(1);
}
const counts = [
  [content.programmes.size, 'programma’s'],
  [content.cardSets.size, 'kaartensets'],
  [content.questionLists.size, 'vragenlijsten'],
  [content.research.size, 'onderzoeken'],
] as const;
console.log(`In orde: ${counts.map(([n, what]) => `${n} ${what}`).join(', ')}.`);
