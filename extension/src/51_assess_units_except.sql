-- Units left out of an assessment -------------------------------------------------------------------

-- A unit as one text, for lists of units a run leaves out.
CREATE FUNCTION dunning.unit_key(customer_id text, department text, project text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT quote_nullable($1) || '/' || quote_nullable($2) || '/' || quote_nullable($3)
$$;
COMMENT ON FUNCTION dunning.unit_key(text, text, text) IS 'internal: a unit (customer, department, project) as one text';

-- Every unit's assessment as of a date, with its history and its loyalty score, but for the units
-- listed (dunning.unit_key) in excluded_units (NULL: none), whose rows are left out before their
-- items are built.
CREATE FUNCTION dunning.assess_units_except(as_of date, policy text, excluded_units text[])
RETURNS TABLE (customer_id text, department text, project text, policy text,
               assessment dunning.assessment, last_level integer, last_letter_date date,
               loyalty_score numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    WITH chosen AS (
        SELECT p.name, p.body, dunning.validate_policy(p.body) AS full_body
        FROM dunning.policies p
        WHERE $2 IS NULL OR p.name = $2
    ), loyalty AS (
        SELECT u.customer_id, u.department, u.project,
               (dunning.payment_behaviour(u.due_date, u.paid_date, u.amount,
                                          (p.full_body -> 'loyalty' ->> 'min_history')::integer)).score
        FROM dunning.unit_paid_items u
        JOIN chosen p ON p.name = u.policy
        GROUP BY u.customer_id, u.department, u.project
    )
    -- One aggregation per policy, with the policy body as its parameter: as a joined column the
    -- body would travel with every item through the sort (a gigabyte more at a million items).
    -- Grouped by the unit alone; the history is constant per unit and joined again afterwards.
    SELECT a.customer_id, a.department, a.project, p.name, a.assessment,
           s.last_level, s.last_letter_date, l.score
    FROM chosen p
    CROSS JOIN LATERAL (
        SELECT u.customer_id, u.department, u.project,
               dunning.assess(u.item, p.body, $1, s.last_level, s.last_letter_date, l.score) AS assessment
        FROM dunning.unit_items u
        LEFT JOIN dunning.unit_state s
               ON s.customer_id = u.customer_id AND s.department IS NOT DISTINCT FROM u.department
              AND s.project IS NOT DISTINCT FROM u.project
        LEFT JOIN loyalty l
               ON l.customer_id = u.customer_id AND l.department IS NOT DISTINCT FROM u.department
              AND l.project IS NOT DISTINCT FROM u.project
        WHERE u.policy = p.name
          AND ($3 IS NULL OR NOT dunning.unit_key(u.customer_id, u.department, u.project) = ANY ($3))
        GROUP BY u.customer_id, u.department, u.project
    ) a
    LEFT JOIN dunning.unit_state s
           ON s.customer_id = a.customer_id AND s.department IS NOT DISTINCT FROM a.department
          AND s.project IS NOT DISTINCT FROM a.project
    LEFT JOIN loyalty l
           ON l.customer_id = a.customer_id AND l.department IS NOT DISTINCT FROM a.department
          AND l.project IS NOT DISTINCT FROM a.project
$$;
COMMENT ON FUNCTION dunning.assess_units_except(date, text, text[]) IS
    'internal: dunning.assess_units without the units listed (as dunning.unit_key) in excluded_units';

