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

-- The variables a letter template may use; the run and the template check build them here alone.
CREATE FUNCTION dunning.letter_vars(customer text, customer_id text, addressee text, department text,
                                    project text, level integer, as_of date, pay_by date, currency text,
                                    amount numeric, fee numeric, net_balance numeric,
                                    days_overdue integer, items text, item_count integer, sender text)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object(
        'customer', $1, 'unit', $1 || coalesce(' / ' || $4, '') || coalesce(' / ' || $5, ''),
        'customer_id', $2, 'addressee', $3, 'department', coalesce($4, ''),
        'project', coalesce($5, ''), 'level', $6, 'as_of', to_char($7, 'YYYY-MM-DD'), 'pay_by', to_char($8, 'YYYY-MM-DD'),
        'currency', $9, 'amount', $10, 'fee', $11, 'total', $10 + $11, 'net_balance', $12,
        'days_overdue', $13, 'items', $14, 'item_count', $15, 'sender', $16)
$$;
COMMENT ON FUNCTION dunning.letter_vars(text, text, text, text, text, integer, date, date, text, numeric, numeric, numeric, integer, text, integer, text) IS
    'internal: the variables of a letter template (customer, unit, customer_id, addressee, department, project, level, as_of, pay_by, currency, amount, fee, total, net_balance, days_overdue, items, item_count, sender)';

-- A template is rendered with the values of a reminder and with those of the sparsest real letter
-- (a pre-due letter: level 0, no days overdue, no fee; no department or project; a policy without
-- currency), so a placeholder or format that some letter would fail on is refused when stored, not
-- in the middle of a run.
CREATE FUNCTION dunning.check_template_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    reminder jsonb := dunning.letter_vars('Sample Customer'::text, 'C-1'::text, 'Sample Parent'::text, 'Sales'::text,
                                          'P-1'::text, 2, '2026-01-31'::date, '2026-02-14'::date, 'EUR'::text,
                                          1234.56::numeric, 15::numeric, 1500::numeric, 30,
                                          'INV-1  2025-12-31  1234.56 EUR'::text, 1, 'Accounts receivable'::text);
    sparse   jsonb := dunning.letter_vars('Sample Customer'::text, 'C-1'::text, 'Sample Customer'::text, NULL::text,
                                          NULL::text, 0, '2026-01-31'::date, '2026-02-14'::date, NULL::text,
                                          1234.56::numeric, 0::numeric, 1234.56::numeric, NULL::integer,
                                          'INV-1  2026-02-14  1234.56'::text, 1, 'Accounts receivable'::text);
    vars     jsonb;
    message  text;
    detail   text;
    part     text;
    variant  text;
BEGIN
    FOREACH variant IN ARRAY ARRAY['reminder', 'sparse'] LOOP
        vars := CASE variant WHEN 'reminder' THEN reminder ELSE sparse END;
        part := 'subject';
        PERFORM dunning.render(NEW.subject, vars);
        part := 'body';
        PERFORM dunning.render(NEW.body, vars);
    END LOOP;
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    PERFORM dunning.raise_error('22023'::text,
        format('template (level %s, tone %s, language %s) %s: %s%s', coalesce(NEW.level::text, 'any'),
               NEW.tone, NEW.language, part, message,
               CASE variant WHEN 'sparse' THEN ' (with the values of a pre-due letter: days_overdue and currency empty, fee 0, no department or project)' ELSE '' END),
        detail,
        'Templates may use ' || (SELECT string_agg('{' || k || '}', ', ' ORDER BY k) FROM jsonb_object_keys(reminder) k)
            || '; a number format such as {days_overdue:.0f} fails when the value is empty.');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.check_template_row() IS
    'internal: renders a template''s subject and body with the values of a reminder and of a pre-due letter, so a bad placeholder or a format an empty value fails is refused when stored, not during a run';
CREATE TRIGGER templates_check BEFORE INSERT OR UPDATE ON dunning.templates
    FOR EACH ROW EXECUTE FUNCTION dunning.check_template_row();

-- Builtin letter templates (SPEC §11): en, nl, fr; level NULL = any level, level 0 = pre-due.
-- Rendered with dunning.render(): fmt named placeholders, {{ }} for literal braces.
INSERT INTO dunning.templates (level, tone, language, subject, body, builtin) VALUES
-- ------------------------------------------------------------------ English
(0, 'friendly', 'en', $t$Upcoming due date – {unit}$t$,
$t$Dear {addressee},

A courtesy note: the following items for the account of {unit} will fall due shortly. Nothing is late – this is just a heads-up to help with your payment planning.

Item, due date, open amount:
{items}

Total: {total:.2f} {currency}

We would be grateful for payment by {pay_by}. If payment is already scheduled, thank you – no action is needed. Should you have any questions about these items, or if anything looks wrong, please let us know.

Kind regards,
{sender}$t$, true),
(NULL, 'friendly', 'en', $t$Friendly payment reminder – {unit}$t$,
$t$Dear {addressee},

We hope all is well. Going through our books, we noticed that the following items for the account of {unit} are still open. Most likely this has simply slipped through the cracks.

Item, due date, open amount:
{items}

Total due: {total:.2f} {currency}

We would be grateful if you could arrange payment by {pay_by}. If you have already paid, thank you – please disregard this message, and our apologies if your payment crossed this letter. If anything looks wrong, just let us know and we will gladly sort it out.

Thank you for your business.

Kind regards,
{sender}$t$, true),
(NULL, 'standard', 'en', $t$Reminder {level}: open items – {unit}$t$,
$t$Dear {addressee},

According to our records, the following items for the account of {unit} are past due:

Item, due date, open amount:
{items}

Total due: {total:.2f} {currency}

We kindly ask you to pay this amount by {pay_by}. If your payment has crossed this letter, please accept our apologies and disregard it. If you believe an item is incorrect, or if there is a reason it has not been paid, please get in touch with us.

Kind regards,
{sender}$t$, true),
(NULL, 'firm', 'en', $t$Reminder {level}: payment requested by {pay_by} – {unit}$t$,
$t$Dear {addressee},

Our records show that the following items for the account of {unit} are still unpaid; the oldest is now {days_overdue} days past due.

Item, due date, open amount:
{items}

Open amount:   {amount:.2f} {currency}
Reminder fee:  {fee:.2f} {currency}
Total due:     {total:.2f} {currency}

Please pay the total by {pay_by} at the latest, or contact us before that date if you cannot pay in full – we are happy to discuss a payment plan. If anything is incorrect or already paid, please let us know; our apologies if your payment crossed this letter.

Kind regards,
{sender}$t$, true),
(NULL, 'final', 'en', $t$Final reminder – {unit}$t$,
$t$Dear {addressee},

The following items for the account of {unit} are still unpaid; the oldest is now {days_overdue} days past due. We would much prefer to settle this together, so this is our final reminder before we take further steps.

Item, due date, open amount:
{items}

Open amount:   {amount:.2f} {currency}
Reminder fee:  {fee:.2f} {currency}
Total due:     {total:.2f} {currency}

Please pay the total of {total:.2f} {currency} by {pay_by}. If we have not received payment or heard from you by then, we will send a formal notice of default and may pass the claim on for collection, which would entail additional costs. If you are facing difficulties or dispute an item, please contact us before {pay_by} – we will gladly look for a solution. If your payment crossed this letter, please accept our apologies.

Kind regards,
{sender}$t$, true),
(NULL, 'formal_notice', 'en', $t$Formal notice of default – {unit}$t$,
$t$Dear {addressee},

Re: formal notice of default

Despite our previous reminders, the following items for the account of {unit} remain unpaid:

Item, due date, open amount:
{items}

Open amount:   {amount:.2f} {currency}
Reminder fee:  {fee:.2f} {currency}
Total due:     {total:.2f} {currency}

We hereby give you formal notice of default and grant you a final term to pay {total:.2f} {currency} no later than {pay_by}. If payment has not been received by that date, we will be entitled, without further notice, to claim statutory interest for late payment and the costs of collection in addition to the amount above.

If you believe this claim is incorrect, or if you have already paid, please contact us before {pay_by} so that we can resolve the matter; our apologies if your payment crossed this letter.

Yours faithfully,
{sender}$t$, true),
-- ------------------------------------------------------------------ Dutch
(0, 'friendly', 'nl', $t$Binnenkort te betalen – {unit}$t$,
$t$Beste {addressee},

Ter informatie: de volgende posten ten name van {unit} vervallen binnenkort. Er is niets te laat; dit is alleen een geheugensteuntje voor uw betalingsplanning.

Post, vervaldatum, openstaand bedrag:
{items}

Totaal: {total:.2f} {currency}

Wij ontvangen de betaling graag uiterlijk {pay_by}. Staat de betaling al klaar, dan danken wij u hartelijk en hoeft u niets te doen. Heeft u vragen over deze posten of klopt er iets niet, laat het ons dan gerust weten.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'friendly', 'nl', $t$Vriendelijke herinnering – {unit}$t$,
$t$Beste {addressee},

Wij hopen dat alles goed met u gaat. Bij het doornemen van onze administratie zagen wij dat de volgende posten ten name van {unit} nog openstaan. Waarschijnlijk is dit gewoon aan de aandacht ontsnapt.

Post, vervaldatum, openstaand bedrag:
{items}

Totaal te betalen: {total:.2f} {currency}

Wij zouden het op prijs stellen als u dit bedrag uiterlijk {pay_by} overmaakt. Heeft u al betaald, dan danken wij u hartelijk en kunt u dit bericht als niet verzonden beschouwen; onze excuses als uw betaling en deze brief elkaar hebben gekruist. Klopt er iets niet, laat het ons dan gerust weten.

Hartelijk dank voor de prettige samenwerking.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'standard', 'nl', $t$Herinnering {level}: openstaande posten – {unit}$t$,
$t$Geachte {addressee},

Volgens onze administratie zijn de volgende posten ten name van {unit} vervallen en nog niet betaald:

Post, vervaldatum, openstaand bedrag:
{items}

Totaal te betalen: {total:.2f} {currency}

Wij verzoeken u vriendelijk dit bedrag uiterlijk {pay_by} te voldoen. Heeft uw betaling deze brief gekruist, dan bieden wij u onze excuses aan en kunt u deze brief als niet verzonden beschouwen. Is een post naar uw mening onjuist, of is er een reden waarom deze nog niet betaald is, neem dan gerust contact met ons op.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'firm', 'nl', $t$Herinnering {level}: graag betaling uiterlijk {pay_by} – {unit}$t$,
$t$Geachte {addressee},

Volgens onze administratie zijn de volgende posten ten name van {unit} nog altijd niet betaald; de oudste is inmiddels {days_overdue} dagen vervallen.

Post, vervaldatum, openstaand bedrag:
{items}

Openstaand bedrag:   {amount:.2f} {currency}
Herinneringskosten:  {fee:.2f} {currency}
Totaal te betalen:   {total:.2f} {currency}

Wij verzoeken u het totaalbedrag uiterlijk {pay_by} te voldoen, of vóór die datum contact met ons op te nemen als volledige betaling niet mogelijk is; een betalingsregeling bespreken wij graag. Is er iets onjuist of heeft u al betaald, laat het ons dan weten; onze excuses als uw betaling deze brief heeft gekruist.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'final', 'nl', $t$Laatste herinnering – {unit}$t$,
$t$Geachte {addressee},

De volgende posten ten name van {unit} zijn nog steeds niet betaald; de oudste is inmiddels {days_overdue} dagen vervallen. Wij lossen dit het liefst samen met u op. Dit is daarom onze laatste herinnering voordat wij verdere stappen nemen.

Post, vervaldatum, openstaand bedrag:
{items}

Openstaand bedrag:   {amount:.2f} {currency}
Aanmaningskosten:    {fee:.2f} {currency}
Totaal te betalen:   {total:.2f} {currency}

Wij verzoeken u het totaalbedrag van {total:.2f} {currency} uiterlijk {pay_by} te voldoen. Hebben wij op die datum geen betaling of bericht van u ontvangen, dan sturen wij u een formele ingebrekestelling en kunnen wij de vordering uit handen geven, wat extra kosten met zich meebrengt. Heeft u betalingsproblemen of bent u het met een post niet eens, neem dan vóór {pay_by} contact met ons op; wij zoeken graag samen naar een oplossing. Heeft uw betaling deze brief gekruist, dan bieden wij u onze excuses aan.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'formal_notice', 'nl', $t$Ingebrekestelling – {unit}$t$,
$t$Geachte {addressee},

Betreft: ingebrekestelling

Ondanks onze eerdere herinneringen zijn de volgende posten ten name van {unit} nog altijd niet betaald:

Post, vervaldatum, openstaand bedrag:
{items}

Openstaand bedrag:   {amount:.2f} {currency}
Aanmaningskosten:    {fee:.2f} {currency}
Totaal te betalen:   {total:.2f} {currency}

Hierbij stellen wij u formeel in gebreke en geven wij u een laatste termijn om het bedrag van {total:.2f} {currency} uiterlijk {pay_by} te voldoen. Hebben wij de betaling op die datum niet ontvangen, dan zijn wij gerechtigd, zonder nadere aankondiging, naast het bovenstaande bedrag de wettelijke rente en de buitengerechtelijke incassokosten in rekening te brengen.

Meent u dat deze vordering onjuist is, of heeft u al betaald, neem dan vóór {pay_by} contact met ons op, zodat wij de zaak kunnen rechtzetten; onze excuses als uw betaling deze brief heeft gekruist.

Hoogachtend,
{sender}$t$, true),
-- ------------------------------------------------------------------ French
(0, 'friendly', 'fr', $t$Échéance prochaine – {unit}$t$,
$t$Bonjour {addressee},

Pour information, les montants suivants au nom de {unit} arriveront bientôt à échéance. Aucun retard : ce message vise simplement à faciliter la planification de vos paiements.

Référence, échéance, montant :
{items}

Total : {total:.2f} {currency}

Nous vous remercions par avance de votre règlement d'ici le {pay_by}. Si le paiement est déjà programmé, merci beaucoup : vous n'avez rien à faire. Pour toute question sur ces montants, ou si quelque chose vous semble incorrect, n'hésitez pas à nous contacter.

Cordialement,
{sender}$t$, true),
(NULL, 'friendly', 'fr', $t$Petit rappel amical – {unit}$t$,
$t$Bonjour {addressee},

Nous espérons que vous allez bien. En faisant le point sur nos comptes, nous avons constaté que les montants suivants au nom de {unit} restent ouverts. Il s'agit très probablement d'un simple oubli.

Référence, échéance, montant restant dû :
{items}

Total à régler : {total:.2f} {currency}

Nous vous serions reconnaissants de bien vouloir effectuer le règlement d'ici le {pay_by}. Si vous avez déjà payé, merci beaucoup et veuillez ne pas tenir compte de ce message ; toutes nos excuses si votre règlement a croisé ce courrier. Si quelque chose vous semble incorrect, n'hésitez pas à nous le signaler.

Merci de votre confiance.

Cordialement,
{sender}$t$, true),
(NULL, 'standard', 'fr', $t$Rappel {level} : montants en attente – {unit}$t$,
$t$À l'attention de {addressee}

Madame, Monsieur,

Sauf erreur de notre part, les montants suivants au nom de {unit} sont arrivés à échéance et restent impayés :

Référence, échéance, montant restant dû :
{items}

Total à régler : {total:.2f} {currency}

Nous vous prions de bien vouloir régler ce montant au plus tard le {pay_by}. Si votre règlement a croisé ce courrier, veuillez nous en excuser et ne pas en tenir compte. Si un élément vous paraît incorrect ou si ce retard a une raison particulière, n'hésitez pas à nous contacter.

Cordialement,
{sender}$t$, true),
(NULL, 'firm', 'fr', $t$Rappel {level} : paiement attendu au plus tard le {pay_by} – {unit}$t$,
$t$À l'attention de {addressee}

Madame, Monsieur,

Sauf erreur de notre part, les montants suivants au nom de {unit} restent impayés à ce jour ; le plus ancien est échu depuis {days_overdue} jours.

Référence, échéance, montant restant dû :
{items}

Montant dû :       {amount:.2f} {currency}
Frais de rappel :  {fee:.2f} {currency}
Total à régler :   {total:.2f} {currency}

Nous vous demandons de régler ce total au plus tard le {pay_by}, ou de nous contacter avant cette date si un paiement intégral n'est pas possible : nous étudierons volontiers un plan de paiement avec vous. Si un élément est incorrect ou déjà réglé, merci de nous le signaler ; toutes nos excuses si votre règlement a croisé ce courrier.

Cordialement,
{sender}$t$, true),
(NULL, 'final', 'fr', $t$Dernier rappel – {unit}$t$,
$t$À l'attention de {addressee}

Madame, Monsieur,

Les montants suivants au nom de {unit} restent impayés ; le plus ancien est échu depuis {days_overdue} jours. Nous préférons de loin régler cette question à l'amiable : ce courrier constitue donc notre dernier rappel avant d'engager d'autres démarches.

Référence, échéance, montant restant dû :
{items}

Montant dû :       {amount:.2f} {currency}
Frais de rappel :  {fee:.2f} {currency}
Total à régler :   {total:.2f} {currency}

Nous vous prions de régler la somme de {total:.2f} {currency} au plus tard le {pay_by}. Sans paiement ni nouvelles de votre part à cette date, nous vous adresserons une mise en demeure et pourrons confier le dossier au recouvrement, ce qui entraînerait des frais supplémentaires. Si vous rencontrez des difficultés ou contestez un montant, contactez-nous avant le {pay_by} : nous chercherons volontiers une solution avec vous. Si votre règlement a croisé ce courrier, veuillez nous en excuser.

Cordialement,
{sender}$t$, true),
(NULL, 'formal_notice', 'fr', $t$Mise en demeure – {unit}$t$,
$t$À l'attention de {addressee}

Objet : mise en demeure

Madame, Monsieur,

Malgré nos rappels précédents, les montants suivants au nom de {unit} restent impayés :

Référence, échéance, montant restant dû :
{items}

Montant dû :       {amount:.2f} {currency}
Frais de rappel :  {fee:.2f} {currency}
Total à régler :   {total:.2f} {currency}

Par la présente, nous vous mettons en demeure de régler la somme de {total:.2f} {currency} au plus tard le {pay_by}. À défaut de paiement à cette date, nous serons en droit de réclamer, sans autre avis et en sus de cette somme, les intérêts de retard au taux légal ainsi que les frais de recouvrement.

Si vous estimez que cette créance n'est pas fondée, ou si vous avez déjà effectué le paiement, merci de nous contacter avant le {pay_by} afin que nous puissions régulariser la situation ; toutes nos excuses si votre règlement a croisé ce courrier.

Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

{sender}$t$, true);

CREATE TRIGGER templates_guard_builtin BEFORE INSERT OR UPDATE OR DELETE ON dunning.templates
    FOR EACH ROW EXECUTE FUNCTION dunning.guard_builtin_row();
