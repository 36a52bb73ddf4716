#!/usr/bin/env bash
# Checks the letter texts under templates/ against the letter-text contract (SPEC §13,
# templates/README.md): file layout, the Subject line, the placeholders each file may use,
# no format specs, the paragraphs every letter places, and the phrases every full language has.
# No database needed: bash, grep, sed and awk only.
#
#   templates/check.sh [DIR]     DIR defaults to the directory of this script
#
# Prints one line per problem (FILE: message) on stderr; exit 0 when clean, 1 otherwise.
set -u
LC_ALL=C.UTF-8 2>/dev/null && export LC_ALL

dir=${1:-$(dirname "$0")}
dir=${dir%/}

# ---------------------------------------------------------------------------- the contract
# Variables of every letter and every phrase (text ready to print, and the raw values).
LETTER_VARS="customer unit addressee contact_name salutation customer_id department project
  sender sender_address sender_registration sender_block dispute_contact as_of pay_by amount fee
  charges interest costs credits total currency level days_overdue item_count items iban bic
  payment_reference as_of_iso pay_by_iso amount_value fee_value charges_value interest_value
  costs_value credits_value total_value"
# Paragraphs the run builds from the phrases: letters only.
PARAGRAPH_VARS="totals fee_line charges_lines interest_notice costs_notice payment_details
  dispute_line plan_offer"
# What every letter except pre_due must place.
LETTER_REQUIRED="salutation items totals pay_by payment_details dispute_line sender_block
  interest_notice costs_notice plan_offer"
# Also required in the pre-due letter (it asks for each item by its own due date, not by pay_by).
PRE_DUE_REQUIRED="salutation items payment_details dispute_line sender_block"
LETTERS="pre_due friendly standard firm final formal_notice"
LANGUAGES_FULL="en nl fr de"
LANGUAGES_VARIANT="nl-BE fr-BE"
JURISDICTIONS="NL BE FR DE"

# Phrase name -> its extra variables ("-" = none). A jurisdiction variant (name_NL, ...) of any
# phrase takes the extra variables of its base name.
declare -A PHRASE_EXTRA=(
    [salutation_named]="contact_name"
    [salutation_neutral]="-"
    [items_header]="-"
    [item_credit]="credit_amount"
    [pre_due_item_note]="-"
    [line_amount]="-"
    [line_charges]="-"
    [line_fee]="-"
    [line_interest]="-"
    [line_costs]="-"
    [line_total]="-"
    [charges_heading]="-"
    [charge_line]="charge_document charge_date charge_amount"
    [payment_details]="iban bic payment_reference total pay_by"
    [payment_details_no_iban]="payment_reference"
    [dispute_line]="dispute_contact"
    [dispute_line_sender]="-"
    [interest_notice_business]="interest as_of interest_rate"
    [interest_notice_consumer]="interest as_of interest_rate"
    [interest_notice_contractual]="interest as_of interest_rate"
    [costs_notice_business]="costs costs_per_invoice invoice_count"
    [costs_announce_consumer_NL]="announced_costs costs_deadline"
    [costs_charged_consumer_NL]="costs previous_pay_by previous_letter_date"
    [costs_announce_consumer_BE]="announced_costs announced_interest_rate waiting_end"
    [costs_charged_consumer_BE]="costs"
    [costs_notice_consumer]="costs"
    [plan_offer_intro]="plan_total"
    [plan_offer_line]="installment_n installment_due installment_amount"
    [plan_offer_accept]="pay_by"
    [interest_right_business]="-"
    [costs_right_business]="costs_per_invoice invoice_count"
)
# Phrases that come in the four jurisdiction variants (each one required in en, nl, fr, de).
WITH_VARIANTS="interest_notice_business interest_notice_consumer costs_notice_business
  interest_right_business costs_right_business"

# Placeholders a phrase must contain (its reason to exist); variants inherit them.
declare -A PHRASE_MUST=(
    [plan_offer_intro]="plan_total"
    [salutation_named]="contact_name"
    [item_credit]="credit_amount"
    [line_amount]="amount"
    [line_charges]="charges"
    [line_fee]="fee"
    [line_interest]="interest"
    [line_costs]="costs"
    [line_total]="total"
    [charge_line]="charge_document charge_date charge_amount"
    [payment_details]="iban payment_reference"
    [payment_details_no_iban]="payment_reference"
    [dispute_line]="dispute_contact"
    [interest_notice_business]="interest as_of"
    [interest_notice_consumer]="interest as_of"
    [interest_notice_contractual]="interest as_of interest_rate"
    [costs_notice_business]="costs"
    [costs_announce_consumer_NL]="announced_costs costs_deadline"
    [costs_charged_consumer_NL]="costs previous_pay_by previous_letter_date"
    [costs_announce_consumer_BE]="announced_costs announced_interest_rate waiting_end sender sender_registration"
    [costs_charged_consumer_BE]="costs"
    [costs_notice_consumer]="costs"
    [plan_offer_line]="installment_n installment_due installment_amount"
    [plan_offer_accept]="pay_by"
    [costs_right_business]="costs_per_invoice"
)

# Literal wording the law asks for (file relative to DIR | text).
LITERALS=(
    "nl/phrases/costs_announce_consumer_NL.txt|binnen 14 dagen na ontvangst van deze brief"
    "nl/phrases/costs_announce_consumer_NL.txt|hierover is geen btw verschuldigd"
    "nl/phrases/costs_right_business_NL.txt|vergoeding van 40 euro"
    "nl/phrases/interest_notice_business_NL.txt|wettelijke handelsrente"
    "nl/phrases/interest_notice_business_NL.txt|6:119a BW"
    "nl/phrases/interest_notice_consumer_NL.txt|6:119 BW"
    "fr/phrases/costs_notice_business_FR.txt|indemnité forfaitaire pour frais de recouvrement de 40 €"
    "fr/phrases/costs_notice_business_FR.txt|L441-10"
    "fr/phrases/costs_notice_business_FR.txt|D441-5"
    "fr/phrases/costs_right_business_FR.txt|indemnité forfaitaire pour frais de recouvrement de 40 €"
    "fr/phrases/interest_notice_business_FR.txt|L441-10"
    "fr/phrases/interest_notice_business_BE.txt|loi du 2 août 2002"
    "nl/phrases/interest_notice_business_BE.txt|wet van 2 augustus 2002"
    "de/phrases/interest_notice_business_DE.txt|§ 288 Abs. 2 BGB"
    "de/phrases/interest_notice_consumer_DE.txt|§ 288 Abs. 1 BGB"
    "de/phrases/costs_notice_business_DE.txt|§ 288 Abs. 5 BGB"
    "de/phrases/costs_notice_business_DE.txt|Verzugspauschale"
)

# ---------------------------------------------------------------------------- helpers
errors=0
fail() { # FILE MESSAGE
    printf 'check.sh: %s: %s\n' "$1" "$2" >&2
    errors=$((errors + 1))
}
in_list() { # WORD LIST
    local list
    [[ -n $1 ]] || return 1
    list=" $(tr -s '[:space:]' ' ' <<<"$2") "
    case $list in *" $1 "*) return 0 ;; esac
    return 1
}
# The placeholders of a file, one per line, after dropping the literal braces {{ and }}.
placeholders() {
    sed -e 's/{{//g' -e 's/}}//g' "$1" | grep -o '{[^{}]*}' | sed -e 's/^{//' -e 's/}$//' | sort -u
}
# A phrase's base name: the name itself, or the name without a jurisdiction suffix.
phrase_base() {
    local name=$1 j
    if [[ -n ${PHRASE_EXTRA[$name]+x} ]]; then echo "$name"; return; fi
    for j in $JURISDICTIONS; do
        if [[ $name == *_"$j" && -n ${PHRASE_EXTRA[${name%_"$j"}]+x} ]]; then
            echo "${name%_"$j"}"; return
        fi
    done
}

# Checks the placeholders of FILE against ALLOWED; braces must pair; no format specs.
check_placeholders() { # FILE ALLOWED
    local file=$1 allowed=$2 p
    if sed -e 's/{{//g' -e 's/}}//g' "$file" | sed -e 's/{[^{}]*}//g' | grep -q '[{}]'; then
        fail "$file" "unpaired brace (write a literal brace as {{ or }})"
    fi
    while IFS= read -r p; do
        if [[ $p == *:* || $p == *!* ]]; then
            fail "$file" "format spec in {$p}: values are text ready to print, write {${p%%[:!]*}}"
        elif ! in_list "$p" "$allowed"; then
            fail "$file" "placeholder {$p} is not a variable of this file (contract: templates/README.md)"
        fi
    done < <(placeholders "$file")
}
has_placeholder() { # FILE NAME
    placeholders "$1" | grep -qx -- "$2"
}

check_letter() { # FILE NAME
    local file=$1 name=$2 line1 line2 line3 v required
    line1=$(sed -n 1p "$file")
    line2=$(sed -n 2p "$file")
    line3=$(sed -n 3p "$file")
    if [[ ! $line1 =~ ^Subject:\ [^[:space:]] ]]; then
        fail "$file" "first line must be 'Subject: <subject>'"
    fi
    if [[ -n $line2 ]]; then
        fail "$file" "second line must be empty"
    fi
    if [[ $line3 != "{salutation}" ]]; then
        fail "$file" "the body must start with {salutation} on its own line"
    fi
    check_placeholders "$file" "$LETTER_VARS $PARAGRAPH_VARS"
    if [[ $name == pre_due ]]; then
        required=$PRE_DUE_REQUIRED
        if has_placeholder "$file" pay_by; then
            fail "$file" "a pre-due letter asks for each item by its own due date, not by {pay_by}"
        fi
    else
        required=$LETTER_REQUIRED
    fi
    for v in $required unit; do
        has_placeholder "$file" "$v" || fail "$file" "letter lacks {$v}"
    done
    if grep -q '[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]' "$file"; then
        fail "$file" "ISO date in a letter text"
    fi
    if grep -qi 'dear {addressee}\|geachte {addressee}\|beste {addressee}\|bonjour {addressee}' "$file"; then
        fail "$file" "company name as salutation: use {salutation}"
    fi
}

check_phrase() { # FILE NAME
    local file=$1 name=$2 base extra v
    base=$(phrase_base "$name")
    if [[ -z $base ]]; then
        fail "$file" "unknown phrase name '$name'"
        return
    fi
    if [[ ! -s $file ]] || ! grep -q '[^[:space:]]' "$file"; then
        fail "$file" "empty phrase"
    fi
    extra=${PHRASE_EXTRA[$base]}
    [[ $extra == - ]] && extra=
    check_placeholders "$file" "$LETTER_VARS $extra"
    for v in ${PHRASE_MUST[$base]:-}; do
        has_placeholder "$file" "$v" || fail "$file" "phrase lacks {$v}"
    done
    if [[ $base == items_header ]]; then
        local cols
        cols=$(awk -F'|' 'NR == 1 { print NF } END { if (NR != 1) print -1 }' "$file" | tail -n 1)
        [[ $cols == 6 ]] || fail "$file" "items_header must be one line of six headings separated by |"
    fi
}

# ---------------------------------------------------------------------------- the checks
if [[ ! -d $dir ]]; then
    echo "check.sh: $dir: no such directory" >&2
    exit 1
fi

for path in "$dir"/*; do
    [[ -d $path ]] || continue
    lang=${path##*/}
    if ! in_list "$lang" "$LANGUAGES_FULL $LANGUAGES_VARIANT"; then
        fail "$path" "unknown language directory (expected one of $LANGUAGES_FULL $LANGUAGES_VARIANT)"
        continue
    fi
    for file in "$path"/*; do
        name=${file##*/}
        if [[ -d $file ]]; then
            [[ $name == phrases ]] || fail "$file" "unexpected directory"
            continue
        fi
        if [[ $name != *.txt ]] || ! in_list "${name%.txt}" "$LETTERS"; then
            fail "$file" "unexpected file (letters are $LETTERS, each NAME.txt)"
            continue
        fi
        check_letter "$file" "${name%.txt}"
    done
    if [[ -d $path/phrases ]]; then
        for file in "$path"/phrases/*; do
            [[ -e $file ]] || continue
            name=${file##*/}
            if [[ $name != *.txt ]]; then
                fail "$file" "unexpected file (phrases are NAME.txt)"
                continue
            fi
            check_phrase "$file" "${name%.txt}"
        done
    fi
    for file in "$path"/*.txt "$path"/phrases/*.txt; do
        [[ -e $file ]] || continue
        iconv -f UTF-8 -t UTF-8 "$file" >/dev/null 2>&1 || fail "$file" "not valid UTF-8"
        if grep -q $'\r' "$file"; then fail "$file" "carriage return (use LF line ends)"; fi
    done
done

# Every full language has every letter and every phrase (with the jurisdiction variants).
required_phrases=
for name in "${!PHRASE_EXTRA[@]}"; do required_phrases+=" $name"; done
for name in $WITH_VARIANTS; do
    for j in $JURISDICTIONS; do required_phrases+=" ${name}_$j"; done
done
for lang in $LANGUAGES_FULL; do
    for name in $LETTERS; do
        [[ -f $dir/$lang/$name.txt ]] || fail "$dir/$lang/$name.txt" "required letter is missing"
    done
    for name in $(tr ' ' '\n' <<<"$required_phrases" | sort); do
        [[ -f $dir/$lang/phrases/$name.txt ]] || fail "$dir/$lang/phrases/$name.txt" "required phrase is missing"
    done
done

# A Belgian variant holds only what differs from its base language.
for lang in $LANGUAGES_VARIANT; do
    base=${lang%%-*}
    for file in "$dir/$lang"/*.txt "$dir/$lang"/phrases/*.txt; do
        [[ -e $file ]] || continue
        rel=${file#"$dir/$lang/"}
        if [[ -f $dir/$base/$rel ]] && cmp -s "$file" "$dir/$base/$rel"; then
            fail "$file" "identical to $base/$rel: leave it out, the lookup falls back to $base"
        fi
    done
done

for entry in "${LITERALS[@]}"; do
    rel=${entry%%|*}
    text=${entry#*|}
    [[ -f $dir/$rel ]] || continue # reported as missing above
    grep -qF -- "$text" "$dir/$rel" || fail "$dir/$rel" "lacks the legal wording '$text'"
done

if ((errors > 0)); then
    echo "check.sh: $errors problem(s) in $dir" >&2
    exit 1
fi
echo "check.sh: $dir: all letter texts pass"
