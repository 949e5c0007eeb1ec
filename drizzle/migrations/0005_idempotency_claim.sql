-- Custom SQL migration file, put your code below! --
-- Claims an idempotency key in one round trip: takes the key's transaction-scoped advisory lock
-- without waiting, then reads the key's live stored call. It must be a VOLATILE plpgsql function:
-- under READ COMMITTED each of its statements takes a new snapshot, so the read sees a call
-- committed by the lock's previous holder. One plain SELECT doing both would read with a
-- snapshot taken before the lock was granted, and could miss that call.
CREATE FUNCTION gatepost_claim_idempotency_key(claim_scope text, claim_key text)
RETURNS TABLE (locked boolean, operation text, fingerprint text, outcome jsonb)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	IF NOT pg_try_advisory_xact_lock(hashtextextended(claim_scope || E'\n' || claim_key, 0)) THEN
		RETURN QUERY SELECT false, NULL::text, NULL::text, NULL::jsonb;
		RETURN;
	END IF;
	RETURN QUERY
		SELECT true, k.operation, k.fingerprint, k.outcome
		FROM idempotency_keys k
		WHERE k.scope = claim_scope AND k.key = claim_key AND k.expires_at > now();
	IF NOT FOUND THEN
		RETURN QUERY SELECT true, NULL::text, NULL::text, NULL::jsonb;
	END IF;
END
$$;
