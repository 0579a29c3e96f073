// New passwords: at least 12 characters (the body schema) and not guessable. zxcvbn's common
// password and word lists refuse "password1234" and friends, repeats, keyboard walks and
// passwords built from the user's own e-mail.
import { problems } from '@emporium/platform';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

const MINIMUM_SCORE = 3; // zxcvbn: "safely unguessable: moderate protection from offline attacks"
// zxcvbn's cost grows with length; beyond this a password is long enough to need no judging.
const JUDGED_PREFIX = 64;

const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

export function assertAcceptablePassword(password: string, email: string, field: string): void {
  const [localPart = ''] = email.split('@');
  const { score } = estimator.check(password.slice(0, JUDGED_PREFIX), [email, localPart, 'emporium']);
  if (score < MINIMUM_SCORE) {
    throw problems.validation(
      [{ field, message: 'is too common or too easy to guess; use a longer phrase of unrelated words' }],
      'The password is too easy to guess.',
    );
  }
}
