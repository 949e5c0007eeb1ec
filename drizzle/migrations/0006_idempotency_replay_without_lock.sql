-- Custom SQL migration file, put your code below! --
-- A finished call's stored result is final: replaying it needs no lock. Reading it first lets
-- any number of retries of a finished call be answered at once, instead of queueing behind the
-- key's lock (where all but one were told "still running"). Only a key with no stored result is
-- locked; then it is read again, under the lock, with a fresh snapshot (see migration 0005).
-- `running`: another transaction holds the key and nothing is stored yet.
DROP FUNCTION gatepost_claim_idempotency_key(text, text);--> statement-breakpoint
CREATE FUNCTION gatepost_claim_idempotency_key(claim_scope text, claim_key text)
RETURNS TABLE (running boolean, operation text, fingerprint text, outcome jsonb)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	RETURN QUERY
		SELECT false, k.operation, k.fingerprint, k.outcome
		FROM idempotency_keys k
		WHERE k.scope = claim_scope AND k.key = claim_key AND k.expires_at > now();
	IF FOUND THEN
		RETURN;
	END IF;
	IF NOT pg_try_advisory_xact_lock(hashtextextended(claim_scope || E'\n' || claim_key, 0)) THEN
		RETURN QUERY SELECT true, NULL::text, NULL::text, NULL::jsonb;
		RETURN;
	END IF;
	RETURN QUERY
		SELECT false, k.operation, k.fingerprint, k.outcome
		FROM idempotency_keys k
		WHERE k.scope = claim_scope AND k.key = claim_key AND k.expires_at > now();
	IF NOT FOUND THEN
		RETURN QUERY SELECT false, NULL::text, NULL::text, NULL::jsonb;
	END IF;
END
$$;
