-- open_session and account_by_email were kept by 0006 only for pods of the release before it;
-- every pod now calls open_sessions and accounts_by_email, which serve a whole batch. Dropping
-- the one-row forms keeps new code from calling the slower paths by mistake.
-- (rotate_refresh_token stays: rotate_refresh_tokens calls it for each token of a batch.)
drop function if exists open_session;
drop function if exists account_by_email;
