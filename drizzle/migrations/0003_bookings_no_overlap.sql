-- Custom SQL migration file, put your code below! --
-- No two active bookings of one resource overlap. An exclusion constraint holds that under any
-- concurrency, which no check in code can; drizzle-kit cannot express one, hence this file.
-- btree_gist lets the GiST index compare resource_id (text) with =; it is a trusted extension.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist (
	"resource_id" WITH =,
	tstzrange("starts_at", "ends_at", '[)') WITH &&
) WHERE ("cancelled_at" IS NULL);
