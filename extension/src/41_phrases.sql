-- Phrases: the localized sentences the run builds a letter's paragraphs from (SPEC §13) -------------

CREATE TABLE dunning.phrases (
    language  text NOT NULL CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    name      text NOT NULL CHECK (name ~ '^[a-z][a-z_]*(_(EU|BE|NL|DE|FR))?$'),
    text      text NOT NULL,
    builtin   boolean NOT NULL DEFAULT false,
    CONSTRAINT phrases_unique UNIQUE (language, name, builtin)
);
COMMENT ON TABLE dunning.phrases IS
    'the sentences a run builds a letter''s paragraphs from (salutation, totals lines, fee line, interest and costs notices with their legal wording, payment details, dispute line), per language; a name ending in _BE, _NL, _DE, _FR or _EU is the wording for that jurisdiction; your rows (builtin = false) take precedence over the shipped ones';
COMMENT ON COLUMN dunning.phrases.language IS 'the language of the text: ll, or ll-CC where a country''s wording differs';
COMMENT ON COLUMN dunning.phrases.name IS 'what the phrase is (docs/letters.md lists them), with an optional jurisdiction suffix';
COMMENT ON COLUMN dunning.phrases.text IS 'dunning.render template of the phrase, with the variables of letters and the extra values docs/letters.md names';
COMMENT ON COLUMN dunning.phrases.builtin IS 'shipped with the extension: refreshed by upgrades, not dumped, not editable';
COMMENT ON INDEX dunning.phrases_unique IS 'one shipped and one own text per language and name';

CREATE FUNCTION dunning.check_phrase_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    message text;
    detail  text;
BEGIN
    PERFORM dunning.render(NEW.text, dunning.letter_sample_vars(false));
    PERFORM dunning.render(NEW.text, dunning.letter_sample_vars(true));
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    PERFORM dunning.raise_error('22023'::text,
        format('phrase %s (language %s): %s', NEW.name, NEW.language, message), detail,
        'Phrases may use ' || (SELECT string_agg('{' || k || '}', ', ' ORDER BY k)
                               FROM jsonb_object_keys(dunning.letter_sample_vars(false)) k) || '.');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.check_phrase_row() IS
    'internal: renders a phrase with the sample values, so a bad placeholder is refused when stored, not during a run';
CREATE TRIGGER phrases_check BEFORE INSERT OR UPDATE ON dunning.phrases
    FOR EACH ROW EXECUTE FUNCTION dunning.check_phrase_row();
COMMENT ON TRIGGER phrases_check ON dunning.phrases IS 'refuses a phrase with an unknown placeholder or a bad format';
CREATE TRIGGER phrases_guard_builtin BEFORE INSERT OR UPDATE OR DELETE ON dunning.phrases
    FOR EACH ROW EXECUTE FUNCTION dunning.guard_builtin_row();
COMMENT ON TRIGGER phrases_guard_builtin ON dunning.phrases IS 'shipped phrases cannot be changed: insert your own row';
SELECT pg_catalog.pg_extension_config_dump('dunning.phrases', 'WHERE NOT builtin');

-- The languages a letter's texts are looked up in, most specific first: ll-CC, ll, en.
CREATE FUNCTION dunning.language_chain(language text)
RETURNS text[] AS 'MODULE_PATHNAME', 'dunning_language_chain' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.language_chain(text) IS
    'internal: the languages texts are looked up in for a letter language, most specific first (nl-BE, nl, en)';

-- The phrases of a letter language and jurisdiction as one object, name -> text: for each name the
-- jurisdiction's own wording before the general one, then the most specific language, then your
-- row before the shipped one.
CREATE FUNCTION dunning.letter_phrases(language text, jurisdiction text)
RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_object_agg(p.base, p.text), '{}')
    FROM (SELECT DISTINCT ON (x.base) x.base, x.text
          FROM (SELECT regexp_replace(p.name, '_(EU|BE|NL|DE|FR)$', '') AS base,
                       substring(p.name FROM '_(EU|BE|NL|DE|FR)$') AS suffix, p.text, p.builtin,
                       array_position(dunning.language_chain($1), p.language) AS rank
                FROM dunning.phrases p
                WHERE p.language = ANY (dunning.language_chain($1))) x
          WHERE x.suffix IS NULL OR x.suffix = $2
          ORDER BY x.base, x.suffix IS NULL, x.rank, x.builtin) p
$$;
COMMENT ON FUNCTION dunning.letter_phrases(text, text) IS
    'internal: the phrases a letter in this language under this jurisdiction uses, name -> text (the jurisdiction''s wording first, then ll-CC, ll, en, your rows before shipped ones)';
