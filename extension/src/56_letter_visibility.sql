-- Letters follow the sources' visibility (SPEC §11.2) ------------------------------------------------
--
-- A role sees a letter, its items, a unit's history and a run's errors only for customers it can
-- see in dunning.open_items or dunning.paid_items, which read the user's ERP tables as the querying
-- role (security_invoker): row-level security on those tables reaches the history. The extension's
-- owner (the tables' owner) is not subject to these policies and sees everything. A run writes the
-- letters of the customers it assessed, all visible to it; the INSERT policies let it write them
-- whatever they say, so that a row the sources stop showing mid-run cannot fail the run. The
-- conditions are written out, not a function, so the planner turns them into semi-joins.

ALTER TABLE dunning.letters ENABLE ROW LEVEL SECURITY;
CREATE POLICY letters_read ON dunning.letters FOR SELECT USING
    (EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = letters.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = letters.customer_id));
CREATE POLICY letters_write ON dunning.letters FOR INSERT WITH CHECK (true);
CREATE POLICY letters_change ON dunning.letters FOR UPDATE USING
    (EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = letters.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = letters.customer_id));
CREATE POLICY letters_remove ON dunning.letters FOR DELETE USING
    (EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = letters.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = letters.customer_id));

-- A letter's items are visible with the letter.
ALTER TABLE dunning.letter_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY letter_items_read ON dunning.letter_items FOR SELECT
    USING (EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = letter_items.letter_id));
CREATE POLICY letter_items_write ON dunning.letter_items FOR INSERT WITH CHECK (true);
CREATE POLICY letter_items_change ON dunning.letter_items FOR UPDATE
    USING (EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = letter_items.letter_id));
CREATE POLICY letter_items_remove ON dunning.letter_items FOR DELETE
    USING (EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = letter_items.letter_id));

-- A letter's payment plan offer is visible with the letter.
ALTER TABLE dunning.plan_offers ENABLE ROW LEVEL SECURITY;
CREATE POLICY plan_offers_read ON dunning.plan_offers FOR SELECT
    USING (EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = plan_offers.letter_id));
CREATE POLICY plan_offers_write ON dunning.plan_offers FOR INSERT WITH CHECK (true);
CREATE POLICY plan_offers_change ON dunning.plan_offers FOR UPDATE
    USING (EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = plan_offers.letter_id));

ALTER TABLE dunning.unit_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY unit_state_read ON dunning.unit_state FOR SELECT USING
    (EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = unit_state.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = unit_state.customer_id));
CREATE POLICY unit_state_write ON dunning.unit_state FOR INSERT WITH CHECK (true);
CREATE POLICY unit_state_change ON dunning.unit_state FOR UPDATE USING
    (EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = unit_state.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = unit_state.customer_id));
CREATE POLICY unit_state_remove ON dunning.unit_state FOR DELETE USING
    (EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = unit_state.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = unit_state.customer_id));

ALTER TABLE dunning.run_errors ENABLE ROW LEVEL SECURITY;
CREATE POLICY run_errors_read ON dunning.run_errors FOR SELECT
    USING (run_errors.customer_id IS NULL
           OR EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = run_errors.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = run_errors.customer_id));
CREATE POLICY run_errors_write ON dunning.run_errors FOR INSERT WITH CHECK (true);
CREATE POLICY run_errors_remove ON dunning.run_errors FOR DELETE
    USING (run_errors.customer_id IS NULL
           OR EXISTS (SELECT FROM dunning.open_items o WHERE o.customer_id = run_errors.customer_id)
           OR EXISTS (SELECT FROM dunning.paid_items p WHERE p.customer_id = run_errors.customer_id));
