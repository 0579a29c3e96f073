-- The relay claims in `seq` order through the primary key; the (claimed_until, seq) index was
-- never chosen for it, yet every claim rewrote its entries (and kept the claim update from being
-- a HOT update). Dropping it makes each claim and insert cheaper.
drop index if exists event_outbox_unclaimed;
