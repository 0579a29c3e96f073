-- email_preferences is now a copy of the switches in the user service's profiles, fed by
-- user.preferences_changed. The version of the copy per user: an event that is not newer (a
-- replay, or one overtaken by a later change) changes nothing.
create table preference_versions (
  user_id uuid primary key,
  version bigint not null,
  updated_at timestamptz not null default now()
);
