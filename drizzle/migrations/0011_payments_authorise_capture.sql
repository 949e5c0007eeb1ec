ALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT 'authorised';--> statement-breakpoint
CREATE UNIQUE INDEX "orders_payment_id_unique" ON "orders" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "outbox_events_pending" ON "outbox_events" USING btree ("type","created_at") WHERE "outbox_events"."published_at" is null;