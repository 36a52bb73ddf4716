-- Units assessed ---------------------------------------------------------------------------------

-- Every unit's assessment as of a date, with its history and its loyalty score.
CREATE FUNCTION dunning.assess_units(as_of date, policy text DEFAULT NULL)
RETURNS TABLE (customer_id text, department text, project text, policy text,
               assessment dunning.assessment, last_level integer, last_letter_date date,
               loyalty_score numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM dunning.assess_units_except($1, $2, NULL)
$$;
COMMENT ON FUNCTION dunning.assess_units(date, text) IS
    'every unit of dunning.open_items assessed as of a date with its policy, its unit_state history and the payment-behaviour score of its paid history as loyalty score; policy NULL: every customer';

