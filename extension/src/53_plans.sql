-- Payment plans offered in letters: accepting, declining, and how runs keep them (SPEC §13) -------

-- An offer's letter, checked for an operation on its offer: the letter exists, carries an offer
-- and that offer is still open (offered, and the letter's pay_by not passed on dunning.view_date()).
CREATE FUNCTION dunning.open_offer(letter_id bigint, operation text)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    letter dunning.letters;
    offer_status text;
BEGIN
    SELECT l.* INTO letter FROM dunning.letters l WHERE l.letter_id = open_offer.letter_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dunning.%: letter % does not exist', operation, letter_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT p.status INTO offer_status FROM dunning.plan_offers p
    WHERE p.letter_id = open_offer.letter_id ORDER BY p.n LIMIT 1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dunning.%: letter % offers no payment plan', operation, letter_id
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A letter offers a plan when its policy has plan_offer and the letter''s level and amount reach it.';
    END IF;
    IF letter.status = 'cancelled' THEN
        RAISE EXCEPTION 'dunning.%: letter % was cancelled, and its payment plan with it', operation, letter_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- today, or the date the BI views are set to (dunning.as_of: a back-office entering yesterday's answers)
    IF offer_status = 'offered' AND letter.pay_by < dunning.view_date() THEN
        offer_status := 'expired';
        UPDATE dunning.plan_offers p SET status = 'expired', closed_on = letter.pay_by + 1
        WHERE p.letter_id = open_offer.letter_id;
    END IF;
    IF offer_status <> 'offered' THEN
        RAISE EXCEPTION 'dunning.%: the payment plan of letter % is %, not offered', operation, letter_id, offer_status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = CASE offer_status WHEN 'expired' THEN format('It was open until %s, the letter''s pay_by; a later letter may offer a new one.', letter.pay_by)
                                           ELSE 'An offer is accepted or declined once.' END;
    END IF;
END
$$;

CREATE FUNCTION dunning.accept_plan(letter_id bigint)
RETURNS SETOF dunning.plan_offers LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM dunning.open_offer(accept_plan.letter_id, 'accept_plan');
    -- what the covered items owe now: the instalments are paid as this drops
    RETURN QUERY
    UPDATE dunning.plan_offers p
    SET status = 'accepted', accepted_at = now(), accepted_by = current_user,
        covered_open = (SELECT coalesce(sum(o.open_amount), 0)
                        FROM dunning.letters l
                        JOIN dunning.letter_items i ON i.letter_id = l.letter_id
                        JOIN dunning.open_items o ON o.customer_id = l.customer_id AND o.item_id = i.item_id
                        WHERE l.letter_id = accept_plan.letter_id AND i.status = 'overdue')
    WHERE p.letter_id = accept_plan.letter_id
    RETURNING p.*;
END
$$;

CREATE FUNCTION dunning.decline_plan(letter_id bigint)
RETURNS SETOF dunning.plan_offers LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM dunning.open_offer(decline_plan.letter_id, 'decline_plan');
    RETURN QUERY
    UPDATE dunning.plan_offers p SET status = 'declined', closed_on = current_date
    WHERE p.letter_id = decline_plan.letter_id
    RETURNING p.*;
END
$$;

-- A run brings the plans up to its date first: offers not accepted by their letter's pay_by
-- expire; an accepted plan is kept once every instalment is paid, broken once an instalment is
-- overdue more than its policy's plan_offer.break_after_days (default 30): then its items are
-- dunned again, from where the unit's history stood.
CREATE FUNCTION dunning.refresh_plans(as_of date)
RETURNS void LANGUAGE sql
SET search_path = pg_catalog, pg_temp AS $$
    UPDATE dunning.plan_offers p SET status = 'expired', closed_on = l.pay_by + 1
    FROM dunning.letters l
    WHERE l.letter_id = p.letter_id AND p.status = 'offered' AND (l.pay_by < $1 OR l.status IN ('cancelled', 'failed'));
    WITH state AS (
        SELECT pl.letter_id,
               bool_and(pl.open_amount = 0) AS paid,
               bool_or(pl.open_amount > 0 AND pl.due_date + coalesce((pol.body -> 'plan_offer' ->> 'break_after_days')::integer, 30) < $1) AS broken
        FROM dunning.plan_installments pl
        LEFT JOIN dunning.customers c ON c.customer_id = pl.customer_id
        LEFT JOIN dunning.policies pol ON pol.name = coalesce(c.policy, 'default')
        GROUP BY pl.letter_id
    )
    UPDATE dunning.plan_offers p
    SET status = CASE WHEN s.paid THEN 'kept' ELSE 'broken' END, closed_on = $1
    FROM state s
    WHERE s.letter_id = p.letter_id AND p.status = 'accepted' AND (s.paid OR s.broken);
$$;
