import { describe, expect, it } from 'vitest';
import { commitMessageProblems } from '../commit-message.mjs';

const body = '\n\nThe reason for the change, in a sentence or two.\n';

describe('commit messages', () => {
  it('accepts an imperative subject, a blank line and a body', () => {
    expect(commitMessageProblems(`Offer batches again to a service${body}`)).toEqual([]);
  });

  it('ignores the comment lines git adds', () => {
    expect(commitMessageProblems(`Add a ledger${body}# Please enter the commit message\n`)).toEqual([]);
  });

  it.each([
    [`${'Make the subject far too long '.repeat(3)}${body}`, 'the subject has 90 characters; at most 72'],
    [`Add a ledger.${body}`, 'the subject ends with a full stop'],
    [`add a ledger${body}`, 'the subject starts with a capital letter'],
    [`Added a ledger${body}`, 'the subject is imperative ("Add …", not "Added …")'],
    [`Fixes the ledger${body}`, 'the subject is imperative ("Add …", not "Fixes …")'],
    ['Add a ledger\nwithout a blank line', 'a blank line separates the subject from the body'],
    ['Add a ledger\n', 'the body says why the change is made'],
    ['\n\n', 'the subject is empty'],
  ])('refuses %j', (message, problem) => {
    expect(commitMessageProblems(message)).toContain(problem);
  });

  it('leaves the messages git writes itself alone', () => {
    expect(commitMessageProblems("Merge branch 'h/ledger'\n")).toEqual([]);
  });
});
