-- The demo's two showcase letters in full (demo/showcase.sql): a Dutch consumer's 14-day letter and
-- a French business's formal notice, as the delivery client sends or prints them.
\set QUIET on
\pset format unaligned
\pset tuples_only on
SELECT format(E'\n%s\n-----------------------------------------------------------------------------------\nTo:      %s\nSubject: %s\n\n%s\n',
              CASE l.customer_id WHEN 'C99001' THEN 'A Dutch consumer''s 14-day letter (nl, art. 6:96 BW)'
                                 ELSE 'A French business''s formal notice (fr, mise en demeure)' END,
              coalesce(l.to_email, '(no e-mail address: print and post to)' || E'\n' || l.addressee_name || E'\n' || l.postal_address),
              l.subject, l.body)
  FROM dunning.letters l
 WHERE l.as_of = :'as_of' AND l.customer_id IN ('C99001', 'C99002')
 ORDER BY l.customer_id;
