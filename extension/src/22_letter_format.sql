-- Locale formatting and payment references (SPEC §11.1 settings, §13 locale) --------------------

CREATE FUNCTION dunning.format_amount(amount numeric, currency text, locale text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_format_amount' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.format_amount(numeric, text, text) IS
    'an exact amount for a letter in a locale (ll or ll-CC) with ICU: format_amount(12619.77, ''EUR'', ''nl'') is € 12.619,77 (no-break spaces as ICU writes them), fr 12 619,77 €, de 12.619,77 €, en €12,619.77; the currency''s minor units, rounded half away from zero; currency NULL: the number with 2 decimals and no symbol; amount or locale NULL: NULL; a bad locale or currency is SQLSTATE 22023 naming it';

CREATE FUNCTION dunning.format_date(day date, locale text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_format_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.format_date(date, text) IS
    'a date for a letter as the locale''s long date with ICU: nl 16 november 2026, fr 16 novembre 2026, de 16. November 2026, en (British) 16 November 2026, en-US November 16, 2026; Gregorian calendar, years 1 to 9999; a bad locale is SQLSTATE 22023 naming it';

CREATE FUNCTION dunning.letter_locale(language text, country text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_letter_locale' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.letter_locale(text, text) IS
    'the locale of a letter from a customer''s language and country: nl and BE give nl-BE; a language that names its country (nl-BE) keeps it; a NULL country gives the language alone';

CREATE FUNCTION dunning.check_iban(iban text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_check_iban' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.check_iban(text) IS
    'an IBAN (ISO 13616) in its electronic form, upper case without spaces, when it is valid: a country of the IBAN registry, its length, mod-97 check digits; otherwise SQLSTATE 22023 naming the value and what is wrong';

CREATE FUNCTION dunning.format_iban(iban text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_format_iban' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.format_iban(text) IS
    'a valid IBAN in its print form, groups of four (BE68 5390 0754 7034); an invalid one is SQLSTATE 22023 as in dunning.check_iban';

CREATE FUNCTION dunning.check_bic(bic text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_check_bic' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.check_bic(text) IS
    'a BIC (ISO 9362), upper case without spaces, when it is valid: 8 or 11 characters, bank (4 letters), country (2 letters), location (2 letters or digits), optional branch (3 letters or digits); otherwise SQLSTATE 22023 naming the value';

CREATE FUNCTION dunning.payment_reference(scheme text, letter_id bigint)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_payment_reference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_reference(text, bigint) IS
    'the payment reference of a letter in a scheme: letter (the id, 4711), be_ogm (Belgian structured communication +++000/0004/71155+++, ids below 10^10) or rf (ISO 11649 creditor reference RF714711); an unknown scheme or an id it cannot carry is SQLSTATE 22023';

CREATE FUNCTION dunning.check_payment_reference(scheme text, reference text)
RETURNS boolean AS 'MODULE_PATHNAME', 'dunning_check_payment_reference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.check_payment_reference(text, text) IS
    'whether a reference is well formed for the scheme with correct check digits: letter (a positive bigint), be_ogm (+++ddd/dddd/ddddd+++, ***...*** or the 12 digits), rf (RF, 2 check digits, up to 21 letters or digits; spaces and lower case allowed); an unknown scheme is SQLSTATE 22023';

-- The letter settings are checked when written, whatever writes them (an operator, pg_restore):
-- a bad value raises, a good one is stored as it is (the IBAN and BIC in their electronic form).
CREATE FUNCTION dunning.check_setting_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    message text;
    detail  text;
    hint    text;
BEGIN
    IF NEW.name IN ('iban', 'bic') THEN
        BEGIN
            IF NEW.name = 'iban' THEN
                NEW.value := dunning.check_iban(NEW.value);
            ELSE
                NEW.value := dunning.check_bic(NEW.value);
            END IF;
        EXCEPTION WHEN invalid_parameter_value THEN
            GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
            PERFORM dunning.raise_error('22023'::text, pg_catalog.format('setting %s: %s', NEW.name, message), detail, hint);
        END;
    ELSIF NEW.name = 'payment_reference' AND NEW.value NOT IN ('letter', 'be_ogm', 'rf') THEN
        RAISE EXCEPTION 'setting payment_reference must be letter, be_ogm or rf, not "%"', NEW.value
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'letter: the letter id; be_ogm: the Belgian structured communication +++ddd/dddd/ddddd+++; rf: an ISO 11649 creditor reference.';
    ELSIF NEW.name = 'pay_within_days'
          AND (CASE WHEN NEW.value ~ '^[0-9]{1,3}$' THEN NEW.value::integer NOT BETWEEN 1 AND 365 ELSE true END) THEN
        RAISE EXCEPTION 'setting pay_within_days must be a whole number of days from 1 to 365, not "%"', NEW.value
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF NEW.name = 'approval' AND NEW.value NOT IN ('auto', 'manual') THEN
        RAISE EXCEPTION 'setting approval must be auto or manual, not "%"', NEW.value
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'auto: a run writes its letters approved; manual: proposed, for dunning.approve.';
    ELSIF NEW.name IN ('sender', 'sender_address', 'sender_registration', 'dispute_contact')
          AND pg_catalog.btrim(NEW.value, E' \t\r\n') = '' THEN
        RAISE EXCEPTION 'setting % must not be empty', NEW.name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Delete the setting instead of storing an empty value.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION dunning.check_setting_row() IS
    'internal: checks a letter setting when written (iban and bic valid and stored in their electronic form, payment_reference a scheme, pay_within_days 1 to 365, approval auto or manual, sender, sender_address, sender_registration and dispute_contact not empty); SQLSTATE 22023 naming the setting and the value';
CREATE TRIGGER settings_check_row BEFORE INSERT OR UPDATE ON dunning.settings
    FOR EACH ROW EXECUTE FUNCTION dunning.check_setting_row();
COMMENT ON TRIGGER settings_check_row ON dunning.settings IS
    'checks letter settings when written (dunning.check_setting_row), before the source triggers';
