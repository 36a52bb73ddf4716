-- Refuse to run over objects this extension did not create (SPEC §11.2). A trusted extension's
-- scripts run as the bootstrap superuser: a function, operator or type that another role placed
-- in schema dunning beforehand could otherwise be called by them with superuser rights. Every
-- object in the schema must be a member of the extension, or hang off a member (an index, a
-- constraint, a table's row type, an array type). Only pg_catalog names and explicitly qualified
-- operators are used here, so nothing planted can take part in the check itself. This file heads
-- every install and update script (Makefile).
DO LANGUAGE plpgsql $guard$
DECLARE
    intruder text;
BEGIN
    WITH RECURSIVE schema_dunning AS (
        SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) 'dunning'
    ), schema_objects (classid, objid) AS (
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_class o, schema_dunning s WHERE o.relnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_proc o, schema_dunning s WHERE o.pronamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_type o, schema_dunning s WHERE o.typnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_operator o, schema_dunning s WHERE o.oprnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_collation o, schema_dunning s WHERE o.collnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_conversion o, schema_dunning s WHERE o.connamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_opclass'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_opclass o, schema_dunning s WHERE o.opcnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_opfamily o, schema_dunning s WHERE o.opfnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_constraint o, schema_dunning s WHERE o.connamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_statistic_ext o, schema_dunning s WHERE o.stxnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_ts_config o, schema_dunning s WHERE o.cfgnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_ts_dict o, schema_dunning s WHERE o.dictnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_ts_parser o, schema_dunning s WHERE o.prsnamespace OPERATOR(pg_catalog.=) s.oid
        UNION ALL SELECT 'pg_catalog.pg_ts_template'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_ts_template o, schema_dunning s WHERE o.tmplnamespace OPERATOR(pg_catalog.=) s.oid
    ), ours (classid, objid) AS (
        SELECT d.classid, d.objid
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON d.refobjid OPERATOR(pg_catalog.=) e.oid
        WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
          AND e.extname OPERATOR(pg_catalog.=) 'dunning' AND d.deptype OPERATOR(pg_catalog.=) 'e'
        UNION
        SELECT d.classid, d.objid
        FROM pg_catalog.pg_depend d JOIN ours o
          ON d.refclassid OPERATOR(pg_catalog.=) o.classid AND d.refobjid OPERATOR(pg_catalog.=) o.objid
        WHERE d.deptype OPERATOR(pg_catalog.=) ANY ('{i,a}'::"char"[])
    )
    SELECT i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity INTO intruder
    FROM schema_objects x, pg_catalog.pg_identify_object(x.classid, x.objid, 0) i
    WHERE NOT EXISTS (SELECT FROM ours o WHERE o.classid OPERATOR(pg_catalog.=) x.classid
                                          AND o.objid OPERATOR(pg_catalog.=) x.objid)
    ORDER BY 1 LIMIT 1;
    IF intruder IS NOT NULL THEN
        RAISE EXCEPTION 'schema "dunning" holds %, which the extension dunning did not create', intruder
            USING ERRCODE = 'duplicate_schema',
                  DETAIL = 'The extension''s scripts run with superuser rights and refuse to run beside objects of other roles in their schema.',
                  HINT = 'Move or drop the objects of schema dunning that do not belong to the extension, then try again.';
    END IF;
END
$guard$;

