-- Custom SQL migration file, put your code below! --
-- The stored outcome became `json` (migration 0009, kept as written so a replay has the
-- original's key order); the claim function returns it as such, unchanged (see 0006 for what it does).
DROP FUNCTION gatepost_claim_idempotency_key(text, text);--> statement-breakpoint
CREATE FUNCTION gatepost_claim_idempotency_key(claim_scope text, claim_key text)
RETURNS TABLE (running boolean, operation text, fingerprint text, outcome json)
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
		RETURN QUERY SELECT true, NULL::text, NULL::text, NULL::json;
		RETURN;
	END IF;
	RETURN QUERY
		SELECT false, k.operation, k.fingerprint, k.outcome
		FROM idempotency_keys k
		WHERE k.scope = claim_scope AND k.key = claim_key AND k.expires_at > now();
	IF NOT FOUND THEN
		RETURN QUERY SELECT false, NULL::text, NULL::text, NULL::json;
	END IF;
END
$$;
