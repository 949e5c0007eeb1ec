-- Custom SQL migration file, put your code below! --
-- Inserts of one resource's bookings take turns. bookings_no_overlap (0003) is checked after a
-- row's index entry is in: two inserters of overlapping periods can each find the other's
-- uncommitted entry and wait on each other's transaction. PostgreSQL's deadlock detector breaks
-- such a pair, but a crowd of them (a hundred clients after one slot) forms new cycles faster than
-- it breaks them, and the inserts can wait until their statement timeout (pgsql-hackers,
-- "exclusion constraints and deadlocks", 2015). Queued on a transaction-scoped advisory lock per
-- resource, taken before the row is inserted, only one inserter at a time holds an uncommitted
-- entry: the next finds the committed one and is refused at once (23P01, a CONFLICT on `from`).
-- The constraint still decides; the queue only orders the arrivals. The two-key form
-- (class 1651207783, 'bkng') keeps these locks apart from the idempotency claims' one-key locks.
CREATE FUNCTION "bookings_queue_by_resource"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(1651207783, hashtext(NEW."resource_id"));
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "bookings_queue_by_resource" BEFORE INSERT ON "bookings"
	FOR EACH ROW EXECUTE FUNCTION "bookings_queue_by_resource"();
