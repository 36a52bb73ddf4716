-- Dump and restore (SPEC §11): user rows are dumped, shipped rows are not -------------------------

SELECT pg_catalog.pg_extension_config_dump('dunning.ledger_items', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.paid_ledger', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.settings', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.policies', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('dunning.customers', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.contacts', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.templates', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('dunning.runs', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.letters', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.letters_letter_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.letter_items', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.unit_state', '');

