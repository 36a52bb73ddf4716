-- The bad-input matrix (issue 7): every function and aggregate of the extension fed NULLs in
-- every argument, empty groups, negative and huge amounts, open above amount, dates at both ends
-- of PostgreSQL's range and ±infinity, duplicate ids, mixed currencies, malformed policies with
-- wrong types everywhere, and one unit of 1,000,000 items. Each case gives the documented
-- SQLSTATE and message, or the documented result; none crashes, and the same backend is still
-- answering at the end.
\ir setup.psql
SELECT pg_backend_pid() AS backend_at_start \gset

-- The first column of a statement's first row, as text (NULL when it returns no row).
CREATE FUNCTION pg_temp.value_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE statement INTO result;
    RETURN result;
END $$;

-- Error cases: the statement raises `sqlstate` with exactly `message`.
CREATE TEMP TABLE error_case (n serial, label text, statement text, sqlstate text, message text);
-- Result cases: value_of(statement) is `expected` (NULL included).
CREATE TEMP TABLE result_case (n serial, label text, statement text, expected text);

-- A valid invoice, for the cases that vary one other argument.
CREATE TEMP VIEW ok_item AS SELECT dunning.item('INV-1', 'invoice', 100, 100, '2026-01-01') AS item;

-- 1. NULL in every argument of dunning.item, both overloads (SPEC §3, §4). --------------------------
INSERT INTO error_case (label, statement, sqlstate, message)
SELECT format('item(%s): NULL %s', overload, arg), format(statement, kind), '22023', message
  FROM (VALUES ('text', $$'invoice'$$), ('enum', $$'invoice'::dunning.item_kind$$)) o(overload, kind),
       (VALUES ('item_id', $$SELECT dunning.item(NULL, %s, 1, 1, '2026-01-01')$$, 'item_id must not be NULL'),
               ('amount', $$SELECT dunning.item('X', %s, NULL, 1, '2026-01-01')$$, 'item "X": amount must not be NULL'),
               ('open_amount', $$SELECT dunning.item('X', %s, 1, NULL, '2026-01-01')$$, 'item "X": open_amount must not be NULL'),
               ('due_date of an invoice', $$SELECT dunning.item('X', %s, 1, 1, NULL)$$,
                'item "X": due_date must not be NULL for an invoice')) a(arg, statement, message)
 ORDER BY overload, arg;
INSERT INTO error_case (label, statement, sqlstate, message) VALUES
    ('item(text): NULL kind', $$SELECT dunning.item('X', NULL::text, 1, 1, '2026-01-01')$$, '22023', 'item "X": kind must not be NULL'),
    ('item(enum): NULL kind', $$SELECT dunning.item('X', NULL::dunning.item_kind, 1, 1, '2026-01-01')$$, '22023', 'item "X": kind must not be NULL'),
    ('item(text): every argument NULL', $$SELECT dunning.item(NULL, NULL::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$,
     '22023', 'item_id must not be NULL'),
    ('item(enum): every argument NULL', $$SELECT dunning.item(NULL, NULL::dunning.item_kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$,
     '22023', 'item_id must not be NULL');
INSERT INTO result_case (label, statement, expected)
SELECT format('item(%s): NULL %s', overload, arg), format(statement, kind), expected
  FROM (VALUES ('text', $$'invoice'$$), ('enum', $$'invoice'::dunning.item_kind$$)) o(overload, kind),
       (VALUES ('doc_date is due_date', $$SELECT dunning.item('X', %s, 1, 1, '2026-01-01', NULL)$$,
                '(X,invoice,1,1,2026-01-01,2026-01-01,,f,,f)'),
               ('currency is the policy currency', $$SELECT dunning.item('X', %s, 1, 1, '2026-01-01', currency => NULL)$$,
                '(X,invoice,1,1,2026-01-01,2026-01-01,,f,,f)'),
               ('disputed is false', $$SELECT dunning.item('X', %s, 1, 1, '2026-01-01', disputed => NULL)$$,
                '(X,invoice,1,1,2026-01-01,2026-01-01,,f,,f)'),
               ('hold_until is none', $$SELECT dunning.item('X', %s, 1, 1, '2026-01-01', hold_until => NULL)$$,
                '(X,invoice,1,1,2026-01-01,2026-01-01,,f,,f)'),
               ('on_plan is false', $$SELECT dunning.item('X', %s, 1, 1, '2026-01-01', on_plan => NULL)$$,
                '(X,invoice,1,1,2026-01-01,2026-01-01,,f,,f)')) a(arg, statement, expected);
INSERT INTO result_case (label, statement, expected) VALUES
    ('item: NULL due_date of a payment', $$SELECT dunning.item('P', 'payment', 5, 5, NULL)$$, '(P,payment,5,5,,,,f,,f)'),
    ('item: NULL due_date of a fee', $$SELECT dunning.item('F', 'fee', 5, 5)$$, '(F,fee,5,5,,,,f,,f)');

-- 2. NULL in every argument of the aggregates and functions. ---------------------------------------
INSERT INTO error_case (label, statement, sqlstate, message) VALUES
    ('balance: NULL as_of', $$SELECT dunning.balance(item, NULL) FROM ok_item$$, '22023', 'as_of must not be NULL'),
    ('balance: NULL item and NULL as_of', $$SELECT dunning.balance(NULL, NULL)$$, '22023', 'as_of must not be NULL'),
    ('assess/3: NULL as_of', $$SELECT dunning.assess(item, NULL, NULL) FROM ok_item$$, '22023', 'as_of must not be NULL'),
    ('assess/3: every argument NULL', $$SELECT dunning.assess(NULL, NULL, NULL)$$, '22023', 'as_of must not be NULL'),
    ('assess/6: NULL as_of', $$SELECT dunning.assess(item, NULL, NULL, 1, '2026-02-01', 0.5) FROM ok_item$$, '22023',
     'as_of must not be NULL'),
    ('assess/6: every argument NULL', $$SELECT dunning.assess(NULL, NULL, NULL, NULL, NULL, NULL)$$, '22023',
     'as_of must not be NULL'),
    ('assess_items: NULL as_of', $$SELECT count(*) FROM dunning.assess_items(ARRAY[(SELECT item FROM ok_item)], NULL, NULL)$$,
     '22023', 'as_of must not be NULL'),
    ('assess_items: every argument NULL', $$SELECT count(*) FROM dunning.assess_items(NULL, NULL, NULL)$$, '22023',
     'as_of must not be NULL');
INSERT INTO result_case (label, statement, expected) VALUES
    ('balance: NULL item alone is an empty group', $$SELECT dunning.balance(NULL, '2026-03-01')$$, NULL),
    ('balance: NULL item beside a valid one is ignored',
     $$SELECT dunning.balance(i, '2026-03-01') FROM (SELECT item FROM ok_item UNION ALL SELECT NULL) s(i)$$,
     '(100.00,0.00,0.00,100.00,0.00,0.00,100.00)'),
    ('balance: an all-NULL row is a NULL item',
     $$SELECT dunning.balance(ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::dunning.item, '2026-03-01')$$, NULL),
    ('assess/3: NULL item alone is an empty group', $$SELECT dunning.assess(NULL, NULL, '2026-03-01')$$, NULL),
    ('assess/3: NULL policy is the default policy',
     $$SELECT dunning.assess(item, NULL, '2026-03-01') = dunning.assess(item, '{}', '2026-03-01') FROM ok_item$$, 'true'),
    ('assess/6: NULL item alone is an empty group', $$SELECT dunning.assess(NULL, NULL, '2026-03-01', 1, '2026-02-01', 0.5)$$, NULL),
    ('assess/6: NULL last_level is no letter yet',
     $$SELECT dunning.assess(item, NULL, '2026-03-01', NULL, NULL, NULL) = dunning.assess(item, NULL, '2026-03-01', 0, NULL, NULL) FROM ok_item$$,
     'true'),
    ('assess/6: NULL history is the 3-argument form',
     $$SELECT dunning.assess(item, NULL, '2026-03-01', NULL, NULL, NULL) = dunning.assess(item, NULL, '2026-03-01') FROM ok_item$$,
     'true'),
    ('assess/6: NULL last_letter_date is no interval to wait',
     $$SELECT (dunning.assess(item, NULL, '2026-03-01', 1, NULL, NULL)).action FROM ok_item$$, 'remind'),
    ('assess/6: NULL loyalty_score is no loyalty',
     $$SELECT (dunning.assess(item, NULL, '2026-03-01', 0, NULL, NULL)).tone || ' ' || (dunning.assess(item, NULL, '2026-03-01', 0, NULL, 0.95)).tone FROM ok_item$$,
     'standard friendly'),
    ('assess_items: NULL array gives no rows', $$SELECT count(*) FROM dunning.assess_items(NULL, NULL, '2026-03-01')$$, '0'),
    ('assess_items: NULL elements are ignored',
     $$SELECT count(*) FROM dunning.assess_items(ARRAY[NULL, (SELECT item FROM ok_item), NULL], NULL, '2026-03-01')$$, '1'),
    ('assess_items: NULL policy is the default policy',
     $$SELECT item_level FROM dunning.assess_items(ARRAY[(SELECT item FROM ok_item)], NULL, '2026-03-01')$$, '4'),
    ('validate_policy: NULL is the default policy', $$SELECT dunning.validate_policy(NULL) = dunning.validate_policy('{}')$$, 'true');
-- A JSON null is not SQL NULL (SPEC §3): a document path that found nothing must not dun by default.
INSERT INTO error_case (label, statement, sqlstate, message) VALUES
    ('assess/3: JSON null policy', $$SELECT dunning.assess(item, 'null', '2026-03-01') FROM ok_item$$, '22023',
     'policy must be a JSON object, not null'),
    ('validate_policy: JSON null', $$SELECT dunning.validate_policy('null')$$, '22023', 'policy must be a JSON object, not null');

-- 3. Empty groups: NULL, like sum(). ---------------------------------------------------------------
INSERT INTO result_case (label, statement, expected) VALUES
    ('balance: zero rows', $$SELECT dunning.balance(item, '2026-03-01') FROM ok_item WHERE false$$, NULL),
    ('assess/3: zero rows', $$SELECT dunning.assess(item, NULL, '2026-03-01') FROM ok_item WHERE false$$, NULL),
    ('assess/6: zero rows', $$SELECT dunning.assess(item, NULL, '2026-03-01', 1, NULL, NULL) FROM ok_item WHERE false$$, NULL),
    ('balance: zero groups', $$SELECT count(*) FROM (SELECT dunning.balance(item, '2026-03-01') FROM ok_item WHERE false GROUP BY item) s$$, '0'),
    ('assess: only NULL items', $$SELECT dunning.assess(NULL::dunning.item, NULL, '2026-03-01') FROM generate_series(1, 3)$$, NULL),
    ('assess_items: empty array', $$SELECT count(*) FROM dunning.assess_items('{}', NULL, '2026-03-01')$$, '0');

-- 4. Amounts: negative, huge, NaN, infinite, too many decimals, open above amount (SPEC §3, §4). ----
INSERT INTO error_case (label, statement, sqlstate, message) VALUES
    ('negative amount', $$SELECT dunning.item('X', 'invoice', -1, 0, '2026-01-01')$$, '22023', 'item "X": amount -1 must not be negative'),
    ('negative open_amount', $$SELECT dunning.item('X', 'invoice', 1, -1, '2026-01-01')$$, '22023', 'item "X": open_amount -1 must not be negative'),
    ('negative credit', $$SELECT dunning.item('C', 'credit_note', -5, -5, '2026-01-01')$$, '22023', 'item "C": amount -5 must not be negative'),
    ('amount 10^13', $$SELECT dunning.item('X', 'invoice', 10000000000000, 1, '2026-01-01')$$, '22003', 'numeric value out of range'),
    ('amount 1e1000 (beyond the core range)', $$SELECT dunning.item('X', 'invoice', 1e1000, 1, '2026-01-01')$$, '22003', 'numeric value out of range'),
    ('amount -1e1000', $$SELECT dunning.item('X', 'invoice', -1e1000, 1, '2026-01-01')$$, '22003', 'numeric value out of range'),
    ('open_amount 1e1000', $$SELECT dunning.item('X', 'invoice', 1, 1e1000, '2026-01-01')$$, '22003', 'numeric value out of range'),
    ('amount 1e-1000', $$SELECT dunning.item('X', 'invoice', 1e-1000, 0, '2026-01-01')$$, '22023',
     'item "X": amount 0.00000000000000000000000000000000000000... has more than 4 decimal places'),
    ('amount NaN', $$SELECT dunning.item('X', 'invoice', 'NaN', 1, '2026-01-01')$$, '22023', 'item "X": amount must be a number, not NaN'),
    ('open_amount -Infinity', $$SELECT dunning.item('X', 'invoice', 1, '-Infinity', '2026-01-01')$$, '22023',
     'item "X": open_amount must be finite, not -Infinity'),
    ('open_amount above amount', $$SELECT dunning.item('X', 'invoice', 1, 2, '2026-01-01')$$, '22023', 'item "X": open_amount 2 exceeds amount 1'),
    ('open_amount above amount by 1/10,000', $$SELECT dunning.item('X', 'invoice', 1, 1.0001, '2026-01-01')$$, '22023',
     'item "X": open_amount 1.0001 exceeds amount 1'),
    ('loyalty_score 1e1000', $$SELECT dunning.assess(item, NULL, '2026-03-01', 0, NULL, 1e1000) FROM ok_item$$, '22003',
     'numeric value out of range'),
    ('loyalty_score NaN', $$SELECT dunning.assess(item, NULL, '2026-03-01', 0, NULL, 'NaN') FROM ok_item$$, '22023',
     'loyalty_score must be a number, not NaN'),
    ('negative last_level', $$SELECT dunning.assess(item, NULL, '2026-03-01', -1, NULL, NULL) FROM ok_item$$, '22023',
     'last_level -1 must not be negative'),
    -- A row built without the constructor reaches the aggregate's own validation.
    ('balance: unvalidated row with open above amount',
     $$SELECT dunning.balance(ROW('X', 'invoice', 1, 2, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item, '2026-03-01')$$,
     '22023', 'item "X": open_amount 2 exceeds amount 1'),
    ('assess: unvalidated row with amount 1e1000',
     $$SELECT dunning.assess(ROW('X', 'invoice', 1e1000, 1, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item, NULL, '2026-03-01')$$,
     '22003', 'numeric value out of range'),
    ('assess_items: unvalidated element with a negative amount',
     $$SELECT count(*) FROM dunning.assess_items(ARRAY[ROW('X', 'invoice', -3, 0, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item], NULL, '2026-03-01')$$,
     '22023', 'item "X": amount -3 must not be negative');
INSERT INTO result_case (label, statement, expected) VALUES
    ('largest amount, summed 1,000 times',
     $$SELECT (dunning.balance(dunning.item('X' || g, 'invoice', 9999999999999.9999, 9999999999999.9999, '2026-01-01'), '2026-03-01')).principal_open FROM generate_series(1, 1000) g$$,
     '9999999999999999.90'),
    ('zero amounts', $$SELECT (dunning.balance(dunning.item('X', 'invoice', 0, 0, '2026-01-01'), '2026-03-01')).net_balance$$, '0.00'),
    ('negative zero', $$SELECT (dunning.item('X', 'invoice', -0.0, -0.0, '2026-01-01')).amount$$, '0.0');

-- 5. Dates at the ends of PostgreSQL's range, and ±infinity. ---------------------------------------
INSERT INTO result_case (label, statement, expected) VALUES
    ('due on the first date, as_of the last: days overdue',
     $$SELECT days_overdue FROM dunning.assess_items(ARRAY[dunning.item('X', 'invoice', 10, 10, '4714-11-24 BC')], NULL, '5874897-12-31')$$,
     '2147483493'),
    ('due 4713-01-01 BC, as_of the last date: assess',
     $$SELECT (a).level || ' ' || (a).significant_overdue_days || ' ' || coalesce((a).next_review_date::text, 'none') FROM (SELECT dunning.assess(dunning.item('X', 'invoice', 100, 100, '4713-01-01 BC'), NULL, '5874897-12-31') a) s$$,
     '1 2147483455 none'),
    ('due 4713-01-01 BC, as_of the last date: balance',
     $$SELECT (dunning.balance(dunning.item('X', 'invoice', 100, 100, '4713-01-01 BC'), '5874897-12-31')).overdue_open$$, '100.00'),
    ('due on the last date, as_of the first: not due',
     $$SELECT status || ' ' || days_overdue FROM dunning.assess_items(ARRAY[dunning.item('X', 'invoice', 10, 10, '5874897-12-31')], NULL, '4714-11-24 BC')$$,
     'not_due -2147483493'),
    ('a review day past 5874897-12-31 is none',
     $$SELECT coalesce((dunning.assess(dunning.item('X', 'invoice', 100, 100, '5874897-12-20'), '{"skip_levels": true}', '5874897-12-30')).next_review_date::text, 'none')$$,
     'none'),
    ('a review day on 5874897-12-31 is kept',
     $$SELECT (dunning.assess(dunning.item('X', 'invoice', 100, 100, '5874897-12-16'), '{"skip_levels": true}', '5874897-12-30')).next_review_date$$,
     '5874897-12-31'),
    ('hold until the last date', $$SELECT (a).action || ' ' || coalesce((a).next_review_date::text, 'none') FROM (SELECT dunning.assess(dunning.item('X', 'invoice', 100, 100, '2026-01-01', hold_until => '5874897-12-31'), NULL, '2026-03-01') a) s$$,
     'hold 5874897-12-31'),
    ('last letter on the first date', $$SELECT (dunning.assess(item, '{"consumer_rules": "BE"}', '2026-03-01', 2, '4714-11-24 BC', NULL)).action FROM ok_item$$,
     'remind'),
    ('last letter on the last date (after as_of)', $$SELECT (dunning.assess(item, '{"consumer_rules": "NL"}', '2026-03-01', 2, '5874897-12-31', NULL)).action FROM ok_item$$,
     'wait');
INSERT INTO error_case (label, statement, sqlstate, message)
SELECT format('%s = %s', field, value), format(statement, value), '22023', format(message, value)
  FROM (VALUES ('infinity'), ('-infinity')) v(value),
       (VALUES ('item due_date', $$SELECT dunning.item('X', 'invoice', 1, 1, '%s')$$, 'item "X": due_date must be a finite date, not %s'),
               ('item doc_date', $$SELECT dunning.item('X', 'invoice', 1, 1, '2026-01-01', '%s')$$, 'item "X": doc_date must be a finite date, not %s'),
               ('item hold_until', $$SELECT dunning.item('X', 'invoice', 1, 1, '2026-01-01', hold_until => '%s')$$,
                'item "X": hold_until must be a finite date, not %s'),
               ('balance as_of', $$SELECT dunning.balance(item, '%s') FROM ok_item$$, 'as_of must be a finite date, not %s'),
               ('assess as_of', $$SELECT dunning.assess(item, NULL, '%s') FROM ok_item$$, 'as_of must be a finite date, not %s'),
               ('assess_items as_of', $$SELECT count(*) FROM dunning.assess_items(ARRAY[(SELECT item FROM ok_item)], NULL, '%s')$$,
                'as_of must be a finite date, not %s'),
               ('assess last_letter_date', $$SELECT dunning.assess(item, NULL, '2026-03-01', 1, '%s', NULL) FROM ok_item$$,
                'last_letter_date must be a finite date, not %s')) f(field, statement, message);

-- 6. Duplicate ids, mixed currencies, differing group constants (SPEC §3, §4). ----------------------
INSERT INTO error_case (label, statement, sqlstate, message)
SELECT format('%s: %s', fn, what), format(statement, items), '22023', message
  FROM (VALUES ('balance', $$SELECT dunning.balance(i, '2026-03-01') FROM unnest(ARRAY[%s]) i$$),
               ('assess', $$SELECT dunning.assess(i, NULL, '2026-03-01') FROM unnest(ARRAY[%s]) i$$),
               ('assess_items', $$SELECT count(*) FROM dunning.assess_items(ARRAY[%s], NULL, '2026-03-01')$$)) f(fn, statement),
       (VALUES ('duplicate ids', $$dunning.item('A', 'invoice', 1, 1, '2026-01-01'), dunning.item('A', 'fee', 2, 2, '2026-01-01')$$,
                'item "A": duplicate item_id in one unit'),
               ('mixed currencies', $$dunning.item('A', 'invoice', 1, 1, '2026-01-01', currency => 'usd'), dunning.item('B', 'invoice', 1, 1, '2026-01-01')$$,
                'mixed currencies in one unit: item "B" is in EUR, item "A" in USD')) c(what, items, message);
INSERT INTO error_case (label, statement, sqlstate, message) VALUES
    ('item: currency of four letters', $$SELECT dunning.item('X', 'invoice', 1, 1, '2026-01-01', currency => 'EURO')$$, '22023',
     'item "X": currency "EURO" is not a three-letter ISO 4217 code'),
    ('item: empty item_id', $$SELECT dunning.item('', 'invoice', 1, 1, '2026-01-01')$$, '22023', 'item_id must not be empty'),
    ('item: unknown kind', $$SELECT dunning.item('X', 'bill', 1, 1, '2026-01-01')$$, '22023', 'item "X": unknown kind "bill"'),
    ('balance: as_of differs within a group',
     $$SELECT dunning.balance(item, d) FROM ok_item, (VALUES (date '2026-03-01'), ('2026-03-02')) v(d)$$, '22023',
     'as_of differs within one group: 2026-03-01 and 2026-03-02'),
    ('assess: policy differs within a group',
     $$SELECT dunning.assess(item, p, '2026-03-01') FROM ok_item, (VALUES (jsonb '{}'), ('{"grace_days": 1}')) v(p)$$, '22023',
     'policy differs within one group'),
    ('assess: last_level differs within a group',
     $$SELECT dunning.assess(item, NULL, '2026-03-01', l, NULL, NULL) FROM ok_item, (VALUES (1), (NULL)) v(l)$$, '22023',
     'last_level differs within one group: 1 and NULL');

-- 7. Malformed policies, wrong types everywhere (SPEC §8), through every function that takes one. --
CREATE TEMP TABLE bad_policy (n serial, policy text, message text);
INSERT INTO bad_policy (policy, message) VALUES
    ('[]', 'policy must be a JSON object, not an array'),
    ('1', 'policy must be a JSON object, not a number'),
    ('"EUR"', 'policy must be a JSON object, not a string'),
    ('true', 'policy must be a JSON object, not a boolean'),
    ('{"grace_day": 3}', 'unknown policy key "grace_day"'),
    ('{"x": 1}', 'unknown policy key "x"'),
    ('{"currency": 1}', 'policy key "currency" must be a string, not a number'),
    ('{"currency": "EURO"}', 'policy key "currency" must be a three-letter ISO 4217 code, not "EURO"'),
    ('{"grace_days": "5"}', 'policy key "grace_days" must be an integer, not a string'),
    ('{"grace_days": -1}', 'policy key "grace_days" must be an integer between 0 and 100000, not -1'),
    ('{"grace_days": 1.5}', 'policy key "grace_days" must be an integer, not 1.5'),
    ('{"grace_days": 100001}', 'policy key "grace_days" must be an integer between 0 and 100000, not 100001'),
    ('{"grace_days": null}', 'policy key "grace_days" must be an integer, not null'),
    ('{"item_min_amount": true}', 'policy key "item_min_amount" must be a number, not a boolean'),
    ('{"item_min_amount": -5}', 'policy key "item_min_amount" must not be negative, not -5'),
    ('{"item_min_amount": 1e1000}', 'numeric value out of range'),
    ('{"item_min_amount": 0.00001}', 'policy key "item_min_amount" 0.00001 has more than 4 decimal places'),
    ('{"item_min_percent": 101}', 'policy key "item_min_percent" must be between 0 and 100, not 101'),
    ('{"item_min_percent": [5]}', 'policy key "item_min_percent" must be a number, not an array'),
    ('{"allocation": "newest_first"}', 'policy key "allocation" must be one of "oldest_first", "none", not "newest_first"'),
    ('{"allocation": 0}', 'policy key "allocation" must be a string, not a number'),
    ('{"pre_due_days": "3"}', 'policy key "pre_due_days" must be an integer or null, not a string'),
    ('{"min_interval_days": {}}', 'policy key "min_interval_days" must be an integer, not an object'),
    ('{"skip_levels": 1}', 'policy key "skip_levels" must be a boolean, not a number'),
    ('{"skip_levels": "true"}', 'policy key "skip_levels" must be a boolean, not a string'),
    ('{"consumer_rules": "DE"}', 'policy key "consumer_rules" must be one of "BE", "NL", not "DE"'),
    ('{"consumer_rules": true}', 'policy key "consumer_rules" must be "BE", "NL" or null, not a boolean'),
    ('{"levels": {}}', 'policy key "levels" must be an array, not an object'),
    ('{"levels": null}', 'policy key "levels" must be an array, not null'),
    ('{"levels": [1]}', 'policy key "levels[1]" must be an object, not a number'),
    ('{"levels": [{"level": 1}]}', 'missing required policy key "levels[1].days"'),
    ('{"levels": [{"days": 1}]}', 'missing required policy key "levels[1].level"'),
    ('{"levels": [{"level": 2, "days": 1}]}', 'policy key "levels[1].level" must be 1, not 2'),
    ('{"levels": [{"level": 1, "days": 5}, {"level": 2, "days": 5}]}',
     'policy key "levels[2].days" must be greater than 5 (the days of level 1), not 5'),
    ('{"levels": [{"level": 1, "days": 1, "tone": "angry"}]}',
     'policy key "levels[1].tone" must be one of "friendly", "standard", "firm", "final", "formal_notice", not "angry"'),
    ('{"levels": [{"level": 1, "days": 1, "fee": "15"}]}', 'policy key "levels[1].fee" must be a number, not a string'),
    ('{"levels": [{"level": 1, "days": 1, "min_percent": -1}]}',
     'policy key "levels[1].min_percent" must be between 0 and 100, not -1'),
    ('{"levels": [{"level": 1, "days": 1, "min_amout": 5}]}', 'unknown policy key "levels[1].min_amout"'),
    ('{"loyalty": []}', 'policy key "loyalty" must be an object, not an array'),
    ('{"loyalty": {"min_score": 2}}', 'policy key "loyalty.min_score" must be between 0 and 1, not 2'),
    ('{"loyalty": {"min_history": -1}}', 'policy key "loyalty.min_history" must be an integer between 0 and 100000, not -1'),
    ('{"loyalty": {"waive_fees": "yes"}}', 'policy key "loyalty.waive_fees" must be a boolean, not a string'),
    ('{"loyalty": {"score": 1}}', 'unknown policy key "loyalty.score"');
INSERT INTO error_case (label, statement, sqlstate, message)
SELECT format('%s: policy %s', fn, p.policy), format(statement, quote_literal(p.policy)),
       CASE WHEN p.message = 'numeric value out of range' THEN '22003' ELSE '22023' END, p.message
  FROM bad_policy p,
       (VALUES ('validate_policy', $$SELECT dunning.validate_policy(%s)$$),
               ('assess/3', $$SELECT dunning.assess(item, %s, '2026-03-01') FROM ok_item$$),
               ('assess/6', $$SELECT dunning.assess(item, %s, '2026-03-01', 1, '2026-02-01', 0.5) FROM ok_item$$),
               ('assess_items', $$SELECT count(*) FROM dunning.assess_items(ARRAY[(SELECT item FROM ok_item)], %s, '2026-03-01')$$)) f(fn, statement)
 ORDER BY p.n, fn;

-- The matrix: every case above, plus the unit of 1,000,000 items and the same-backend check.
SELECT count(*) AS error_cases FROM error_case \gset
SELECT count(*) AS result_cases FROM result_case \gset
SELECT plan(:error_cases + :result_cases + 4);

SELECT throws_ok(statement, sqlstate, message, label) FROM error_case ORDER BY n;
SELECT is(pg_temp.value_of(statement), expected, label) FROM result_case ORDER BY n;

-- 8. One unit of 1,000,000 items: balance and assess work (and in bounded time, ~5 s each). --------
SELECT is((dunning.balance(dunning.item('INV-' || g, 'invoice', 10, 10, date '2026-01-01' + g % 300), '2026-06-01')).net_balance,
          10000000.00, 'balance of 1,000,000 items in one unit')
  FROM generate_series(1, 1000000) g;
SELECT is((a).items || ' ' || (a).level || ' ' || (a).action || ' ' || (a).dunnable_amount, '1000000 3 remind 5033830.00',
          'assess of 1,000,000 items in one unit')
  FROM (SELECT dunning.assess(dunning.item('INV-' || g, 'invoice', 10, 10, date '2026-01-01' + g % 300), NULL, '2026-06-01',
                              2, '2026-05-01', 0.5) a
          FROM generate_series(1, 1000000) g) s;

-- A message cut at the boundary's buffer (1 KiB) ends on a whole character, so converting it to
-- the client's encoding cannot fail (it used to end in half a character: 22021 instead of 22023).
SELECT is(convert_from(convert_to(pg_temp.message_of($$SELECT dunning.item(repeat('é', 600), 'bill', 1, 1, '2026-01-01')$$), 'UTF8'), 'UTF8')
          LIKE 'item "éé%', true, 'a long multibyte message is cut at a character');

SELECT diag(format('bad-input matrix: %s error cases, %s result cases', :error_cases, :result_cases));
SELECT is(pg_backend_pid(), :backend_at_start, 'the same backend answered every case');

SELECT * FROM finish();
ROLLBACK;
