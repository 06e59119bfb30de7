/**
 * `npm run content:check [-- PATH …]`: checks content and exits 1 listing every error (file:line:
 * field: message), or 0 when all is well (warnings printed, they stop nothing).
 *
 * - no PATH: all of content/;
 * - a content folder (one with programmes/, cardsets/, questions/ or research/ in it): that folder,
 *   on its own;
 * - a file (any kind, also a session's report), or a folder of such files: checked against the
 *   library in content/, as if it were part of it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkContent, checkFiles, errorsIn, formatProblem, warningsIn, type ContentProblem } from '../server/content/loadContent.ts';

const LIBRARY = fileURLToPath(new URL('../content/', import.meta.url));
const KIND_FOLDERS = ['programmes', 'cardsets', 'questions', 'research'];
// npm runs scripts in the project's folder; a path is meant from where the trainer typed it.
const here = process.env.INIT_CWD ?? process.cwd();

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Prints the problems; true when none of them is an error. */
function print(problems: ContentProblem[], where: string): boolean {
  const errors = errorsIn(problems);
  const warnings = warningsIn(problems);
  if (errors.length) {
    console.error(`${count(errors.length, 'fout', 'fouten')} in ${where}:`);
    for (const problem of errors) console.error(formatProblem(problem));
  }
  if (warnings.length) {
    console.error(`${count(warnings.length, 'waarschuwing', 'waarschuwingen')} in ${where} (dit laten de schermen weg):`);
    for (const problem of warnings) console.error(formatProblem(problem));
  }
  return errors.length === 0;
}

function checkFolder(dir: string): boolean {
  const { content, problems } = checkContent(dir);
  if (!print(problems, dir)) return false;
  const counts = [
    [content.programmes.size, 'programma’s'],
    [content.cardSets.size, 'kaartensets'],
    [content.questionLists.size, 'vragenlijsten'],
    [content.research.size, 'onderzoeken'],
  ] as const;
  console.log(`In orde: ${counts.map(([n, what]) => `${n} ${what}`).join(', ')}.`);
  return true;
}

function checkSingleFiles(paths: string[]): boolean {
  const { problems, checked, libraryErrors } = checkFiles(LIBRARY, paths);
  if (libraryErrors) {
    console.error(`Let op: de bibliotheek in content/ heeft zelf ${count(libraryErrors, 'fout', 'fouten')}; zie npm run content:check.`);
  }
  if (!print(problems, checked.length === 1 ? checked[0]!.file : `${checked.length} bestanden`)) return false;
  console.log(`In orde: ${checked.map(({ file, what }) => `${file} (${what})`).join(', ')}.`);
  return true;
}

const args = process.argv.slice(2).map((arg) => resolve(here, arg));
const folders: string[] = [];
const files: string[] = [];
let ok = true;
for (const path of args) {
  if (!existsSync(path)) {
    console.error(`${path}: dit bestand of deze map bestaat niet`);
    ok = false;
  } else if (!statSync(path).isDirectory()) {
    files.push(path);
  } else if (KIND_FOLDERS.some((folder) => existsSync(join(path, folder)))) {
    folders.push(path);
  } else {
    const inside = readdirSync(path).filter((name) => name.endsWith('.md') && name !== 'README.md').sort();
    if (!inside.length) {
      console.error(`${path}: in deze map staan geen .md-bestanden`);
      ok = false;
    }
    files.push(...inside.map((name) => join(path, name)));
  }
}
if (!args.length) folders.push(resolve(LIBRARY));
for (const folder of folders) ok = checkFolder(folder) && ok;
if (files.length) ok = checkSingleFiles(files) && ok;
process.exit(ok ? 0 : 1);
