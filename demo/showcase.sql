-- Two customers whose letters the demo prints in full (issue 15): a Dutch consumer who gets the
-- "14-day letter" that must precede any collection costs (art. 6:96 lid 6 BW), and a French
-- business that gets the formal notice (mise en demeure) with commercial interest and the
-- indemnité forfaitaire of 40 EUR per invoice. Their earlier reminders were sent by NetSuite
-- Dunning (custbody_dunning_level), so escalation goes on from there.
\set QUIET on
SET client_min_messages = warning;
INSERT INTO netsuite.customer (id, entityid, companyname, firstname, lastname, isperson, email, language, billcountry,
                               billaddress, currency, terms, category, datecreated)
VALUES (990001, 'C99001', NULL, 'Anna', 'de Wit', true, 'anna.dewit@mail.example', 'nl_NL', 'NL',
        E'Lindengracht 12\n1015 KK Amsterdam', 'EUR', 'Net 14', 'Consumer', '2024-03-01'),
       (990002, 'C99002', 'Lefèvre Distribution SARL', NULL, NULL, false, NULL, 'fr_FR', 'FR',
        E'14 avenue Jean Jaurès\n69007 Lyon', 'EUR', 'Net 30', 'Business', '2023-05-12');
INSERT INTO netsuite.contact (id, company, firstname, lastname, email, role)
VALUES (990001, 990001, 'Anna', 'de Wit', 'anna.dewit@mail.example', 'to');
INSERT INTO netsuite.transaction (id, tranid, type, entity, trandate, duedate, currency, foreigntotal,
                                  foreignamountremaining, status, custbody_dunning_level, custbody_dunning_last_sent)
VALUES (990001, 'INV99001', 'CustInvc', 990001, '2026-09-20', '2026-10-04', 'EUR', 389.00, 389.00, 'open', 1, '2026-10-08'),
       (990002, 'INV99002', 'CustInvc', 990002, '2026-07-10', '2026-08-09', 'EUR', 4180.00, 4180.00, 'open', 3, '2026-10-20'),
       (990003, 'INV99003', 'CustInvc', 990002, '2026-07-24', '2026-08-23', 'EUR', 1260.00, 1260.00, 'open', 3, '2026-10-20');
RESET client_min_messages;
