-- A customer's language and country make its letters' locale (SPEC §11.1, §13): checked when
-- written, so a malformed tag is refused then (22023 naming the customer), not in a run.
CREATE FUNCTION dunning.check_customer_locale()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    message text;
BEGIN
    IF NEW.language IS NULL OR NEW.language !~ '^[a-z]{2}(-[A-Z]{2})?$' THEN
        RAISE EXCEPTION 'customer "%": language % is not a language tag ll or ll-CC', NEW.customer_id,
                        coalesce(quote_literal(NEW.language), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Write an ISO 639-1 code, optionally with an ISO 3166-1 country: nl, nl-BE, fr-BE, de.';
    END IF;
    IF NEW.country IS NOT NULL AND NEW.country !~ '^[A-Z]{2}$' THEN
        RAISE EXCEPTION 'customer "%": country % is not an ISO 3166-1 alpha-2 code', NEW.customer_id, quote_literal(NEW.country)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Write two capital letters: BE, NL, FR, DE.';
    END IF;
    -- ICU must know the locale the letters will be written in
    BEGIN
        PERFORM dunning.format_date(DATE '2000-01-01', dunning.letter_locale(NEW.language, NEW.country));
    EXCEPTION WHEN invalid_parameter_value THEN
        GET STACKED DIAGNOSTICS message = MESSAGE_TEXT;
        RAISE EXCEPTION 'customer "%": %', NEW.customer_id, message
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The letters are written in the locale of language and country; use a language and country ICU knows.';
    END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION dunning.check_customer_locale() IS
    'internal: refuses a customer whose language is not ll or ll-CC, whose country is not ISO 3166-1 alpha-2, or whose locale ICU does not know (22023 naming the customer)';
CREATE TRIGGER customers_check_locale BEFORE INSERT OR UPDATE OF language, country ON dunning.customers
    FOR EACH ROW EXECUTE FUNCTION dunning.check_customer_locale();
COMMENT ON TRIGGER customers_check_locale ON dunning.customers IS
    'checks the language and country that make the letters'' locale when they are written';
