-- Templates --------------------------------------------------------------------------------------

CREATE TABLE dunning.templates (
    level     integer CHECK (level >= 0),
    tone      text NOT NULL CHECK (tone IN ('friendly', 'standard', 'firm', 'final', 'formal_notice')),
    language  text NOT NULL CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    subject   text NOT NULL,
    body      text NOT NULL,
    builtin   boolean NOT NULL DEFAULT false,
    CONSTRAINT templates_unique UNIQUE NULLS NOT DISTINCT (level, tone, language, builtin)
);
COMMENT ON TABLE dunning.templates IS
    'letter texts (dunning.render templates) per level, tone and language; level NULL = any level, level 0 = the pre-due reminder; your rows (builtin = false) take precedence over the shipped ones';
COMMENT ON COLUMN dunning.templates.builtin IS 'shipped with the extension: refreshed by upgrades, not dumped, not editable';

-- The variables of letters and phrases (SPEC §13), with sample values: a template or phrase is
-- rendered with them when stored, so a misspelt placeholder is refused then, not in a run. The run
-- builds the same names (dunning.compose_letter); sparse = the values of a pre-due letter without
-- department, project, fee, charges, payment details or dispute contact.
CREATE FUNCTION dunning.letter_sample_vars(sparse boolean)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object(
        'customer', 'Sample Customer', 'unit', CASE WHEN $1 THEN 'Sample Customer' ELSE 'Sample Customer / Sales' END,
        'addressee', 'Sample Parent', 'contact_name', CASE WHEN $1 THEN '' ELSE 'Ms J. Sample' END,
        'salutation', 'Dear Ms J. Sample,', 'customer_id', 'C-1',
        'department', CASE WHEN $1 THEN '' ELSE 'Sales' END, 'project', CASE WHEN $1 THEN '' ELSE 'P-1' END,
        'sender', 'Accounts receivable', 'sender_address', CASE WHEN $1 THEN '' ELSE '1 Main Street' END,
        'sender_registration', CASE WHEN $1 THEN '' ELSE 'KBO 0123.456.789' END,
        'sender_block', 'Accounts receivable', 'dispute_contact', CASE WHEN $1 THEN '' ELSE 'disputes@example.com' END,
        'as_of', '31 January 2026', 'pay_by', '14 February 2026', 'amount', '€1,234.56',
        'fee', CASE WHEN $1 THEN '' ELSE '€15.00' END, 'charges', '', 'interest', '', 'costs', '', 'credits', '',
        'total', '€1,249.56', 'currency', CASE WHEN $1 THEN '' ELSE 'EUR' END,
        'level', CASE WHEN $1 THEN '0' ELSE '2' END, 'days_overdue', CASE WHEN $1 THEN '' ELSE '30' END,
        'item_count', '1', 'items', 'INV-1  31 December 2025  €1,234.56',
        'iban', CASE WHEN $1 THEN '' ELSE 'BE71 0961 2345 6769' END, 'bic', CASE WHEN $1 THEN '' ELSE 'GKCCBEBB' END,
        'payment_reference', '42',
        'as_of_iso', '2026-01-31', 'pay_by_iso', '2026-02-14', 'amount_value', '1234.56',
        'fee_value', CASE WHEN $1 THEN '0' ELSE '15.00' END, 'charges_value', '0', 'interest_value', '0',
        'costs_value', '0', 'credits_value', '0', 'total_value', '1249.56')
    || jsonb_build_object(
        -- paragraphs the run writes (empty when they do not apply)
        'totals', 'Total due: €1,249.56', 'fee_line', '', 'charges_lines', '', 'interest_notice', '',
        'costs_notice', '', 'payment_details', 'Please quote 42 with your payment.', 'dispute_line', '',
        'plan_offer', '',
        -- the extra values of phrases
        'credit_amount', '€50.00', 'charge_document', 'FEE-1', 'charge_date', '1 January 2026',
        'charge_amount', '€15.00', 'interest_rate', '10.15 %', 'costs_per_invoice', '€40.00',
        'invoice_count', '1', 'announced_costs', '€185.00', 'costs_deadline', '16 February 2026',
        'previous_pay_by', '16 January 2026', 'previous_letter_date', '1 January 2026',
        'announced_interest_rate', '4.5 %', 'waiting_end', '20 February 2026',
        'installment_n', '1', 'installment_due', '14 February 2026', 'installment_amount', '€411.52',
        'plan_total', '€1,234.56')
$$;

-- A template is rendered with the values of a reminder and with those of the sparsest real letter,
-- so a placeholder or format that some letter would fail on is refused when stored, not in the
-- middle of a run.
CREATE FUNCTION dunning.check_template_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    message  text;
    detail   text;
    part     text;
    variant  boolean;
BEGIN
    FOREACH variant IN ARRAY ARRAY[false, true] LOOP
        part := 'subject';
        PERFORM dunning.render(NEW.subject, dunning.letter_sample_vars(variant));
        part := 'body';
        PERFORM dunning.render(NEW.body, dunning.letter_sample_vars(variant));
    END LOOP;
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    PERFORM dunning.raise_error('22023'::text,
        format('template (level %s, tone %s, language %s) %s: %s%s', coalesce(NEW.level::text, 'any'),
               NEW.tone, NEW.language, part, message,
               CASE WHEN variant THEN ' (with the values of a pre-due letter: optional values empty)' ELSE '' END),
        detail,
        'Templates may use ' || (SELECT string_agg('{' || k || '}', ', ' ORDER BY k)
                                 FROM jsonb_object_keys(dunning.letter_sample_vars(false)) k)
            || '; values are text ready to print: a number format such as {total:.2f} fails, use {total} or {total_value}.');
    RETURN NULL;
END
$$;
CREATE TRIGGER templates_check BEFORE INSERT OR UPDATE ON dunning.templates
    FOR EACH ROW EXECUTE FUNCTION dunning.check_template_row();

-- The shipped texts: templates/<language>/*.txt, loaded by the generated 42_template_texts.sql.
CREATE TRIGGER templates_guard_builtin BEFORE INSERT OR UPDATE OR DELETE ON dunning.templates
    FOR EACH ROW EXECUTE FUNCTION dunning.guard_builtin_row();
