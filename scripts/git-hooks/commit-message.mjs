// Checks a commit message against CONTRIBUTING.md: an imperative subject of at most 72
// characters, a blank line, then a body that says why. Used by .githooks/commit-msg; exported
// for its test.
import { readFileSync } from 'node:fs';

const MAX_SUBJECT = 72;
// Past tense, gerunds and third person of the verbs commit subjects start with most often.
const NOT_IMPERATIVE =
  /^(add|fix|update|remove|change|implement|refactor|move|create|rename|improve|use|make|drop|bump|clean|document|test|merge)(ed|es|s|ing)$|^made$|^makes$/i;

/** The problems of a commit message; none means it may be committed. */
export function commitMessageProblems(message) {
  const lines = message
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim()
    .split('\n');
  const subject = lines[0] ?? '';
  // Git writes these itself; they follow its own conventions.
  if (/^(Merge|Revert|fixup!|squash!|amend!) /.test(subject)) return [];
  const problems = [];
  if (subject.trim() === '') return ['the subject is empty'];
  if (subject.length > MAX_SUBJECT)
    problems.push(`the subject has ${subject.length} characters; at most ${MAX_SUBJECT}`);
  if (/\.\s*$/.test(subject)) problems.push('the subject ends with a full stop');
  if (!/^[A-Z]/.test(subject)) problems.push('the subject starts with a capital letter');
  const first = subject.split(/[\s:]/)[0] ?? '';
  if (NOT_IMPERATIVE.test(first)) problems.push(`the subject is imperative ("Add …", not "${first} …")`);
  if (lines.length > 1 && lines[1].trim() !== '')
    problems.push('a blank line separates the subject from the body');
  if (lines.slice(2).join('').trim() === '') problems.push('the body says why the change is made');
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: commit-message.mjs <message file>');
    process.exit(2);
  }
  const problems = commitMessageProblems(readFileSync(file, 'utf8'));
  if (problems.length > 0) {
    console.error('Commit message refused (see CONTRIBUTING.md):');
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
}
