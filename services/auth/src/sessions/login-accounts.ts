// A login's read of its account, batched: the logins whose requests arrive in one turn of the
// event loop read their accounts in one statement. Under load they do arrive together: the
// sessions of a batch (session-opener.ts) are answered together, and their clients send their
// next requests together (2.25 logins per read, measured in the auth benchmark's login load).
import { type SqlExecutor, sameTurnBatch } from '@emporium/platform';
import { type Account, findUsersByEmails } from '../repositories/users.js';

/** Finds the account of a normalized e-mail, or undefined. */
export type LoginAccountReader = (email: string) => Promise<Account | undefined>;

export function createLoginAccountReader(db: SqlExecutor): LoginAccountReader {
  return sameTurnBatch<string, Account | undefined>(async (emails) => {
    const accounts = new Map((await findUsersByEmails(db, emails)).map((row) => [row.email, row]));
    return emails.map((email) => accounts.get(email));
  });
}
