// pg_dunning: the delivery client of the dunning extension (SPEC §14, docs/delivery.md).
//
//   pg_dunning deliver   claims approved letters (dunning.claim_letters: FOR UPDATE SKIP LOCKED, a
//                        lease), e-mails them over SMTP or writes them as print PDFs, and records
//                        the outcome (dunning.letter_sent, dunning.letter_failed); loops, waking on
//                        LISTEN dunning_letters, or delivers what is due and exits (--once).
//   pg_dunning pdf ID    one letter's PDF on stdout.
//
// The database is the source of truth: a letter is marked sent only after the mail server
// accepted it (or its PDF was written), so a client killed in between sends it again after the
// lease, with the same Message-ID: at least once, duplicates bounded by the letters in flight.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <curl/curl.h>
#include <fcntl.h>
#include <fstream>
#include <getopt.h>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/db.hpp"
#include "client/letter.hpp"
#include "client/pdf.hpp"
#include "client/smtp.hpp"

#ifndef PG_DUNNING_VERSION
#define PG_DUNNING_VERSION "0.3"
#endif

namespace pg_dunning {

namespace {

volatile std::sig_atomic_t stop_requested = 0;

void
OnSignal(int) {
	stop_requested = 1;
}

const char usage_text[] = R"(NAME
    pg_dunning - deliver the letters of the dunning extension by e-mail and as print-ready PDFs

SYNOPSIS
    pg_dunning deliver [OPTION]...
    pg_dunning pdf [OPTION]... LETTER_ID > letter.pdf
    pg_dunning --help | --version

DESCRIPTION
    deliver claims approved letters in dunning.letters (FOR UPDATE SKIP LOCKED, status sending
    with a lease), sends e-mail letters over SMTP (a text/plain body and the letter as a PDF
    attachment, To, Cc, Subject and the stable Message-ID <dunning-LETTER_ID@DOMAIN>), writes post
    letters as print-ready A4 PDFs (the address in the window of a DIN 5008 window envelope, an
    EPC QR payment code when the currency is EUR and the setting iban is set) to --print-dir plus
    one batch PDF per dunning run and delivery pass, and records each letter sent, failed (the
    server refused it: 5xx, with its reply in last_error) or approved again to be retried with
    backoff (4xx, no connection). Without --once it runs until SIGTERM/SIGINT, waking on LISTEN dunning_letters
    (every dunning.run and dunning.approve notifies) and every --poll-seconds.

    pdf writes the PDF of one letter, whatever its status, to standard output (preview, reprint).

    A letter is marked sent after the server accepted it. A client killed in between sends it
    again once its lease has passed, with the same Message-ID (at least once; duplicates at most
    the letters in flight, --batch). Two clients never hold the same letter.

CONNECTION OPTIONS (as psql; PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, ~/.pgpass apply)
    -d, --dbname=CONNINFO    database name, conninfo string or URI
    -h, --host=HOST          database server host or socket directory
    -p, --port=PORT          database server port
    -U, --username=USER      database user (needs dunning.grant_operator)

DELIVER OPTIONS
    --once                   deliver what is due now, then exit (for cron)
    --smtp-url=URL           smtp://host[:port] (STARTTLS) or smtps://host[:port]
                             (default smtp://localhost:25); no password in the URL
    --smtp-tls=MODE          for smtp://: starttls (required, default), try, or none
    --smtp-user=USER         AUTH user; the password comes from PG_DUNNING_SMTP_PASSWORD or
                             --smtp-password-file, never from the command line
    --smtp-password-file=F   read the SMTP password from the first line of file F
    --smtp-timeout=SECONDS   per message (default 60)
    --from=ADDRESS           From: header and envelope sender, "Name <addr@domain>" or
                             addr@domain; DOMAIN of the Message-ID (required for e-mail)
    --print-dir=DIR          write post letters there (letter-ID.pdf, batch-runRUN-TIME-PID.pdf);
                             without it only e-mail letters are delivered
    --no-attachment          e-mail the text only, without the PDF
    --batch=N                letters claimed at a time (default 20)
    --lease-seconds=N        a claimed letter whose client vanished is claimed again after N
                             seconds (default 300)
    --max-attempts=N         temporary failures before a letter is failed (default 8)
    --retry-delay=SECONDS    first retry after SECONDS, doubling each attempt, at most an hour
                             (default 60)
    --poll-seconds=N         without --once: look for due letters at least every N seconds even
                             without a notification (default 60)
    -v, --verbose            one line per letter

ENVIRONMENT
    PG_DUNNING_SMTP_PASSWORD the SMTP password (with --smtp-user)
    PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, PGSSLMODE ... as for psql

EXIT STATUS
    0  every claimed letter was delivered (or there was nothing to deliver)
    1  some letter failed or is to be retried (see dunning.letters.status and last_error)
    2  usage error, wrong setup (SMTP URL, login, print directory), or a database error

EXAMPLES
    PG_DUNNING_SMTP_PASSWORD=... pg_dunning deliver -d dunning --once \
        --smtp-url smtp://mail.example.com:587 --smtp-user dunning \
        --from 'Receivables <ar@example.com>' --print-dir /var/spool/dunning
    pg_dunning pdf -d dunning 42 > letter-42.pdf

See docs/delivery.md.
)";

struct Options {
	std::vector<std::pair<std::string, std::string>> connection;
	bool once = false;
	SmtpOptions smtp{"smtp://localhost:25", "starttls", "", "", 60};
	std::string password_file;
	std::string from;
	std::string print_dir;
	bool attach = true;
	int batch = 20;
	int lease_seconds = 300;
	int max_attempts = 8;
	int retry_delay = 60;
	int poll_seconds = 60;
	bool verbose = false;
};

void
Say(const std::string &text) {
	std::cerr << "pg_dunning: " << text << std::endl;
}

[[noreturn]] void
Fatal(const std::string &text, int status = 2) {
	Say(text);
	std::exit(status);
}

int
PositiveNumber(const char *text, const char *option) {
	char *end = nullptr;
	errno = 0;
	long value = std::strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < 1 || value > 100000000)
		Fatal(std::string("--") + option + " must be a positive whole number, not \"" + text + "\"");
	return static_cast<int>(value);
}

/* The address of "Name <addr>" or "addr". */
std::string
AddressOf(const std::string &from) {
	size_t open = from.rfind('<');
	if (open == std::string::npos)
		return from;
	size_t close = from.find('>', open);
	return from.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
}

std::vector<std::string>
Lines(const std::string &text) {
	std::vector<std::string> lines;
	std::istringstream in(text);
	for (std::string line; std::getline(in, line);)
		if (!line.empty())
			lines.push_back(line);
	return lines;
}

double
Seconds(std::chrono::steady_clock::time_point since) {
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Settings
LoadSettings(Db &db) {
	Settings settings;
	Rows rows = db.Exec("SELECT s.name, s.value FROM dunning.settings s WHERE s.name = ANY ($1::text[])",
						{"{sender,sender_address,sender_registration,iban,bic,dispute_contact}"});
	for (const auto &row : rows.rows)
		settings[row[0]] = row[1];
	return settings;
}

/* The letters (any status) with their items; the address and name fall back to the customer's. */
std::vector<Letter>
LoadLetters(Db &db, const std::vector<long long> &ids) {
	std::string array = "{";
	for (size_t i = 0; i < ids.size(); i++)
		array += (i ? "," : "") + std::to_string(ids[i]);
	array += "}";
	Rows rows = db.Exec(
		"SELECT l.letter_id, l.channel, l.status, coalesce(l.to_email, ''), array_to_string(l.cc_emails, E'\\n'),"
		" l.subject, l.body, coalesce(l.currency, ''),"
		" coalesce(l.total, l.amount + l.fee)::numeric(20, 2)::text, coalesce(l.pay_by::text, ''), l.as_of::text,"
		" coalesce(l.payment_reference, l.letter_id::text), coalesce(l.postal_address, c.postal_address, ''),"
		" coalesce(l.addressee_name, c.name, l.addressee_id), coalesce(l.locale, l.language, 'en'), l.customer_id,"
		" l.level, l.attempts, l.run_id"
		" FROM dunning.letters l LEFT JOIN dunning.customers c ON c.customer_id = l.addressee_id"
		" WHERE l.letter_id = ANY ($1::bigint[]) ORDER BY l.letter_id",
		{array});
	std::vector<Letter> letters;
	for (const auto &r : rows.rows) {
		Letter l;
		l.letter_id = std::atoll(r[0].c_str());
		l.channel = r[1];
		l.status = r[2];
		l.to_email = r[3];
		l.cc_emails = Lines(r[4]);
		l.subject = r[5];
		l.body = r[6];
		l.currency = r[7];
		l.total = r[8];
		l.pay_by = r[9];
		l.as_of = r[10];
		l.payment_reference = r[11];
		l.postal_address = r[12];
		l.addressee_name = r[13];
		l.locale = r[14];
		l.customer_id = r[15];
		l.level = std::atoi(r[16].c_str());
		l.attempts = std::atoi(r[17].c_str());
		l.run_id = std::atoll(r[18].c_str());
		letters.push_back(std::move(l));
	}
	Rows items = db.Exec("SELECT i.letter_id, i.item_id, coalesce(i.due_date::text, ''),"
						 " coalesce(coalesce(i.net_open, i.open_amount)::numeric(20, 2)::text, ''),"
						 " coalesce(i.days_overdue::text, '')"
						 " FROM dunning.letter_items i WHERE i.letter_id = ANY ($1::bigint[])"
						 " ORDER BY i.letter_id, i.due_date NULLS LAST, i.item_id",
						 {array});
	for (const auto &r : items.rows) {
		long long id = std::atoll(r[0].c_str());
		for (Letter &l : letters)
			if (l.letter_id == id)
				l.items.push_back({r[1], r[2], r[3], r[4]});
	}
	return letters;
}

/* Writes bytes to path under a temporary name, renamed when complete. */
bool
WriteFileAtomically(const std::string &path, const std::string &bytes, std::string &error) {
	std::string temporary = path + ".part";
	int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		error = "cannot create " + temporary + ": " + std::strerror(errno);
		return false;
	}
	size_t done = 0;
	while (done < bytes.size()) {
		ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
		if (n < 0) {
			error = "cannot write " + temporary + ": " + std::strerror(errno);
			::close(fd);
			return false;
		}
		done += static_cast<size_t>(n);
	}
	if (::fsync(fd) != 0 || ::close(fd) != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
		error = "cannot write " + path + ": " + std::strerror(errno);
		return false;
	}
	return true;
}

struct Totals {
	int emailed = 0;
	int printed = 0;
	int failed = 0;
	int retry = 0;
	int duplicate_records = 0;
	std::vector<std::string> batch_files;
};

class Deliverer {
  public:
	Deliverer(Db &db, const Options &options) : db_(db), options_(options), mailer_(options.smtp) {}

	/* Delivers what is due until nothing is left (or stop); returns false on a setup error. */
	bool Pass();

	Totals totals;
	bool smtp_down = false; // the last pass could not reach the mail server

  private:
	enum class Outcome { sent, failed, retry, release, setup };

	Outcome Process(const Letter &letter, const Settings &settings);
	Outcome Fail(const Letter &letter, const std::string &error, bool permanent);
	void Release(const std::vector<long long> &ids);

	Db &db_;
	const Options &options_;
	Mailer mailer_;
	std::map<long long, std::unique_ptr<BatchPdf>> batches_; // by run_id
	std::string setup_error_;
	std::chrono::steady_clock::time_point last_progress_ = std::chrono::steady_clock::now();
};

Deliverer::Outcome
Deliverer::Fail(const Letter &letter, const std::string &error, bool permanent) {
	std::string message = error;
	if (!permanent && letter.attempts >= options_.max_attempts) {
		permanent = true;
		message += " (gave up after " + std::to_string(letter.attempts) + " attempts)";
	}
	// the next attempt after retry_delay, doubling with each attempt, at most an hour
	long long delay = options_.retry_delay;
	for (int i = 1; i < letter.attempts && delay < 3600; i++)
		delay *= 2;
	delay = std::min(delay, 3600LL);
	db_.Exec(
		"SELECT dunning.letter_failed($1::bigint, $2::text, $3::boolean, $4::interval)",
		{std::to_string(letter.letter_id), message, permanent ? "true" : "false", std::to_string(delay) + " seconds"});
	Say("letter " + std::to_string(letter.letter_id) + " (customer " + letter.customer_id + ", " + letter.channel +
		"): " + (permanent ? "failed: " : "will be retried in " + std::to_string(delay) + " s: ") + message);
	return permanent ? Outcome::failed : Outcome::retry;
}

void
Deliverer::Release(const std::vector<long long> &ids) {
	if (ids.empty())
		return;
	std::string array = "{";
	for (size_t i = 0; i < ids.size(); i++)
		array += (i ? "," : "") + std::to_string(ids[i]);
	array += "}";
	db_.Exec("SELECT dunning.release_letters($1::bigint[])", {array});
}

Deliverer::Outcome
Deliverer::Process(const Letter &letter, const Settings &settings) {
	std::string id = std::to_string(letter.letter_id);
	if (letter.body.find_first_not_of(" \t\r\n") == std::string::npos)
		return Fail(letter,
					"the letter's body is empty (check the template of level " + std::to_string(letter.level) +
						" and language " + letter.locale + " in dunning.templates)",
					true);
	if (letter.channel == "email") {
		if (letter.to_email.empty())
			return Fail(letter, "an e-mail letter without to_email", true);
		for (const std::string &address : [&] {
				 std::vector<std::string> all{letter.to_email};
				 all.insert(all.end(), letter.cc_emails.begin(), letter.cc_emails.end());
				 return all;
			 }())
			if (!PlainAddress(address))
				return Fail(letter, "invalid e-mail address \"" + address + "\"", true);
		Email email;
		email.from_header = options_.from;
		email.envelope_from = AddressOf(options_.from);
		email.to = letter.to_email;
		email.cc = letter.cc_emails;
		email.subject = letter.subject;
		// text/plain lines end in CRLF (RFC 5322); the quoted-printable encoder keeps them as line breaks
		for (char c : letter.body) {
			if (c == '\n' && (email.body.empty() || email.body.back() != '\r'))
				email.body += '\r';
			email.body += c;
		}
		email.message_id = "<dunning-" + id + "@" + email.envelope_from.substr(email.envelope_from.find('@') + 1) + ">";
		if (options_.attach) {
			email.pdf = RenderLetterPdf(letter, settings);
			email.pdf_name = "letter-" + id + ".pdf";
		}
		SendResult result = mailer_.Send(email);
		switch (result.kind) {
		case SendResult::Kind::sent: {
			Rows done = db_.Exec("SELECT dunning.letter_sent($1::bigint, $2::text)", {id, email.message_id});
			if (done.size() == 1 && done.rows[0][0] != "t")
				totals.duplicate_records++;
			if (options_.verbose)
				Say("letter " + id + ": e-mailed to " + letter.to_email + " " + email.message_id);
			totals.emailed++;
			return Outcome::sent;
		}
		case SendResult::Kind::permanent:
			return Fail(letter, result.message, true);
		case SendResult::Kind::temporary:
			return Fail(letter, result.message, false);
		case SendResult::Kind::connection:
			smtp_down = true;
			Fail(letter, "cannot reach the mail server " + options_.smtp.url + ": " + result.message, false);
			return Outcome::release;
		case SendResult::Kind::setup:
			setup_error_ = "the mail server " + options_.smtp.url + " refused the setup: " + result.message;
			Release({letter.letter_id});
			return Outcome::setup;
		}
	}
	// post
	if (letter.postal_address.find_first_not_of(" \t\r\n") == std::string::npos)
		return Fail(letter,
					"a post letter without a postal address (set dunning.customers.postal_address of customer " +
						letter.customer_id + ")",
					true);
	std::string bytes = RenderLetterPdf(letter, settings);
	std::string path = options_.print_dir + "/letter-" + id + ".pdf";
	std::string error;
	if (!WriteFileAtomically(path, bytes, error)) {
		setup_error_ = error;
		Release({letter.letter_id});
		return Outcome::setup;
	}
	// one batch PDF per dunning run (and delivery pass), for one print job
	std::unique_ptr<BatchPdf> &batch = batches_[letter.run_id];
	if (!batch) {
		char stamp[32];
		std::time_t now = std::time(nullptr);
		std::tm utc{};
		gmtime_r(&now, &utc);
		std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
		batch = std::make_unique<BatchPdf>(options_.print_dir + "/batch-run" + std::to_string(letter.run_id) + "-" +
										   stamp + "-" + std::to_string(::getpid()) + ".pdf");
	}
	batch->Add(letter, settings);
	Rows done = db_.Exec("SELECT dunning.letter_sent($1::bigint, NULL::text)", {id});
	if (done.size() == 1 && done.rows[0][0] != "t")
		totals.duplicate_records++;
	if (options_.verbose)
		Say("letter " + id + ": printed to " + path);
	totals.printed++;
	return Outcome::sent;
}

bool
Deliverer::Pass() {
	smtp_down = false;
	std::string channels = options_.print_dir.empty() ? "{email}" : "{email,post}";
	bool ok = true;
	int pass_letters = 0;
	while (!stop_requested && !smtp_down && ok) {
		auto claimed_at = std::chrono::steady_clock::now();
		Rows claimed = db_.Exec("SELECT c.letter_id FROM dunning.claim_letters($1::integer, $2::integer, $3::text[]) c",
								{std::to_string(options_.batch), std::to_string(options_.lease_seconds), channels});
		if (claimed.size() == 0)
			break;
		std::vector<long long> ids;
		for (const auto &row : claimed.rows)
			ids.push_back(std::atoll(row[0].c_str()));
		Settings settings = LoadSettings(db_);
		std::vector<Letter> letters = LoadLetters(db_, ids);
		std::vector<long long> rest;
		for (size_t i = 0; i < letters.size(); i++) {
			// half the lease gone: give the rest back rather than risk a second client sending them too
			if (stop_requested || smtp_down || !ok || Seconds(claimed_at) > options_.lease_seconds / 2.0) {
				rest.push_back(letters[i].letter_id);
				continue;
			}
			Outcome outcome;
			try {
				outcome = Process(letters[i], settings);
			} catch (const std::exception &e) {
				if (dynamic_cast<const DbError *>(&e) != nullptr)
					throw;
				outcome = Fail(letters[i], std::string("cannot render the letter: ") + e.what(), true);
			}
			if (outcome == Outcome::failed)
				totals.failed++;
			else if (outcome == Outcome::retry || outcome == Outcome::release)
				totals.retry++;
			else if (outcome == Outcome::setup)
				ok = false;
			pass_letters++;
		}
		Release(rest);
		// progress: a line that updates itself on a terminal, else a line every 10 s
		if (isatty(STDERR_FILENO))
			std::cerr << "\rpg_dunning: " << totals.emailed << " e-mailed, " << totals.printed << " printed, "
					  << totals.failed << " failed, " << totals.retry << " to retry" << std::flush;
		else if (Seconds(last_progress_) >= 10) {
			Say("so far " + std::to_string(totals.emailed) + " e-mailed, " + std::to_string(totals.printed) +
				" printed, " + std::to_string(totals.failed) + " failed, " + std::to_string(totals.retry) +
				" to retry");
			last_progress_ = std::chrono::steady_clock::now();
		}
	}
	if (isatty(STDERR_FILENO) && pass_letters > 0)
		std::cerr << std::endl;
	for (auto &[run_id, batch] : batches_) {
		std::string error;
		if (batch->Finish(error))
			totals.batch_files.push_back(batch->Path());
		else
			Say("the batch PDF of run " + std::to_string(run_id) + ": " + error + " (the letters' own PDFs are in " +
				options_.print_dir + ")");
	}
	batches_.clear();
	if (!ok)
		Say(setup_error_);
	return ok;
}

/* Waits for a notification on dunning_letters, a signal, or the timeout. */
void
WaitForWork(Db &db, double seconds) {
	PGconn *conn = db.Conn();
	int socket = PQsocket(conn);
	auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
	while (!stop_requested) {
		double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
		if (left <= 0)
			return;
		fd_set set;
		FD_ZERO(&set);
		FD_SET(socket, &set);
		timeval tv{static_cast<time_t>(left),
				   static_cast<suseconds_t>((left - static_cast<double>(static_cast<long>(left))) * 1e6)};
		int ready = select(socket + 1, &set, nullptr, nullptr, &tv);
		if (ready < 0 && errno != EINTR)
			throw DbError(std::string("select: ") + std::strerror(errno), "");
		if (ready > 0) {
			if (!PQconsumeInput(conn))
				throw DbError(std::string("lost the database connection: ") + PQerrorMessage(conn), "08006");
			bool notified = false;
			while (PGnotify *notify = PQnotifies(conn)) {
				notified = true;
				PQfreemem(notify);
			}
			if (notified)
				return;
		}
	}
}

int
Deliver(Options &options) {
	if (std::string error = CheckSmtpUrl(options.smtp.url); !error.empty())
		Fatal(error);
	if (options.smtp.tls != "starttls" && options.smtp.tls != "try" && options.smtp.tls != "none")
		Fatal("--smtp-tls must be starttls, try or none, not \"" + options.smtp.tls + "\"");
	std::string address = AddressOf(options.from);
	if (options.from.empty() || !PlainAddress(address))
		Fatal(options.from.empty()
				  ? "--from is required: the sender address of the e-mails (and the domain of their Message-ID)"
				  : "--from \"" + options.from + "\" has no valid address");
	if (!options.smtp.user.empty()) {
		if (!options.password_file.empty()) {
			std::ifstream in(options.password_file);
			if (!in)
				Fatal("cannot read the SMTP password file " + options.password_file);
			std::getline(in, options.smtp.password);
		} else if (const char *password = std::getenv("PG_DUNNING_SMTP_PASSWORD")) {
			options.smtp.password = password;
		} else {
			Fatal("--smtp-user needs a password: set PG_DUNNING_SMTP_PASSWORD or use --smtp-password-file");
		}
	}
	if (!options.print_dir.empty()) {
		struct stat st {};
		if (::stat(options.print_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
			::access(options.print_dir.c_str(), W_OK) != 0)
			Fatal("--print-dir " + options.print_dir + " is not a writable directory");
	}
	Db db(options.connection);
	if (!options.once)
		db.Exec("LISTEN dunning_letters");
	Deliverer deliverer(db, options);
	auto start = std::chrono::steady_clock::now();
	bool setup_ok = true;
	double backoff = options.retry_delay;
	while (!stop_requested) {
		setup_ok = deliverer.Pass();
		if (!setup_ok || options.once)
			break;
		double wait = options.poll_seconds;
		if (deliverer.smtp_down) {
			wait = std::min(backoff, static_cast<double>(options.poll_seconds));
			backoff = std::min(backoff * 2, 3600.0);
		} else {
			backoff = options.retry_delay;
			// the next retry this client will take, if it comes before the next poll
			Rows next = db.Exec("SELECT extract(epoch FROM min(l.next_attempt_at) - clock_timestamp())"
								" FROM dunning.letters l WHERE l.status = 'approved'"
								" AND l.next_attempt_at > clock_timestamp() AND l.channel = ANY ($1::text[])",
								{options.print_dir.empty() ? "{email}" : "{email,post}"});
			if (next.size() == 1 && !next.nulls[0][0])
				wait = std::clamp(std::atof(next.rows[0][0].c_str()) + 0.05, 0.05, wait);
		}
		WaitForWork(db, wait);
	}
	if (options.print_dir.empty()) {
		Rows waiting =
			db.Exec("SELECT count(*) FROM dunning.letters l WHERE l.status = 'approved' AND l.channel = 'post'");
		if (waiting.size() == 1 && waiting.rows[0][0] != "0")
			Say(waiting.rows[0][0] + " post letters wait for a client with --print-dir");
	}
	const Totals &t = deliverer.totals;
	double seconds = Seconds(start);
	int delivered = t.emailed + t.printed;
	std::ostringstream summary;
	summary.precision(3);
	summary << delivered << " letters delivered (" << t.emailed << " e-mailed, " << t.printed << " printed), "
			<< t.failed << " failed, " << t.retry << " to retry, in " << std::fixed << seconds << " s";
	if (delivered > 0 && seconds > 0)
		summary << " (" << std::fixed << static_cast<double>(delivered) / seconds << " letters/s)";
	for (const std::string &file : t.batch_files)
		summary << "; batch PDF " << file;
	Say(summary.str());
	if (!setup_ok)
		return 2;
	return t.failed + t.retry > 0 ? 1 : 0;
}

int
Pdf(Options &options, const std::string &id_text) {
	char *end = nullptr;
	long long id = std::strtoll(id_text.c_str(), &end, 10);
	if (end == id_text.c_str() || *end != '\0' || id < 1)
		Fatal("the letter id must be a positive number, not \"" + id_text + "\"");
	Db db(options.connection);
	std::vector<Letter> letters = LoadLetters(db, {id});
	if (letters.empty())
		Fatal("letter " + id_text + " does not exist (or the role cannot see it)", 1);
	std::string bytes = RenderLetterPdf(letters[0], LoadSettings(db));
	if (isatty(STDOUT_FILENO))
		Fatal("pdf writes a PDF to standard output; redirect it: pg_dunning pdf " + id_text + " > letter.pdf");
	std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
	std::cout.flush();
	return std::cout ? 0 : 2;
}

} // namespace

} // namespace pg_dunning

int
main(int argc, char **argv) {
	using namespace pg_dunning;
	Options options;
	enum {
		o_once = 1000,
		o_smtp_url,
		o_smtp_tls,
		o_smtp_user,
		o_smtp_password_file,
		o_smtp_timeout,
		o_from,
		o_print_dir,
		o_no_attachment,
		o_batch,
		o_lease,
		o_max_attempts,
		o_retry_delay,
		o_poll,
		o_version,
		o_smtp_password,
		o_help
	};
	static const option long_options[] = {
		{"dbname", required_argument, nullptr, 'd'},
		{"host", required_argument, nullptr, 'h'},
		{"port", required_argument, nullptr, 'p'},
		{"username", required_argument, nullptr, 'U'},
		{"once", no_argument, nullptr, o_once},
		{"smtp-url", required_argument, nullptr, o_smtp_url},
		{"smtp-tls", required_argument, nullptr, o_smtp_tls},
		{"smtp-user", required_argument, nullptr, o_smtp_user},
		{"smtp-password", required_argument, nullptr, o_smtp_password},
		{"smtp-password-file", required_argument, nullptr, o_smtp_password_file},
		{"smtp-timeout", required_argument, nullptr, o_smtp_timeout},
		{"from", required_argument, nullptr, o_from},
		{"print-dir", required_argument, nullptr, o_print_dir},
		{"no-attachment", no_argument, nullptr, o_no_attachment},
		{"batch", required_argument, nullptr, o_batch},
		{"lease-seconds", required_argument, nullptr, o_lease},
		{"max-attempts", required_argument, nullptr, o_max_attempts},
		{"retry-delay", required_argument, nullptr, o_retry_delay},
		{"poll-seconds", required_argument, nullptr, o_poll},
		{"verbose", no_argument, nullptr, 'v'},
		{"help", no_argument, nullptr, o_help},
		{"version", no_argument, nullptr, o_version},
		{nullptr, 0, nullptr, 0},
	};
	if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-?") == 0)) {
		std::cout << usage_text;
		return 0;
	}
	int c;
	while ((c = getopt_long(argc, argv, "d:h:p:U:v?", long_options, nullptr)) != -1) {
		switch (c) {
		case 'd':
			options.connection.emplace_back("dbname", optarg);
			break;
		case 'h':
			options.connection.emplace_back("host", optarg);
			break;
		case 'p':
			options.connection.emplace_back("port", optarg);
			break;
		case 'U':
			options.connection.emplace_back("user", optarg);
			break;
		case 'v':
			options.verbose = true;
			break;
		case o_once:
			options.once = true;
			break;
		case o_smtp_url:
			options.smtp.url = optarg;
			break;
		case o_smtp_tls:
			options.smtp.tls = optarg;
			break;
		case o_smtp_user:
			options.smtp.user = optarg;
			break;
		case o_smtp_password:
			Fatal("--smtp-password is not accepted: a password on the command line is visible to every user of the "
				  "machine; set PG_DUNNING_SMTP_PASSWORD or use --smtp-password-file");
		case o_smtp_password_file:
			options.password_file = optarg;
			break;
		case o_smtp_timeout:
			options.smtp.timeout_seconds = PositiveNumber(optarg, "smtp-timeout");
			break;
		case o_from:
			options.from = optarg;
			break;
		case o_print_dir:
			options.print_dir = optarg;
			break;
		case o_no_attachment:
			options.attach = false;
			break;
		case o_batch:
			options.batch = PositiveNumber(optarg, "batch");
			break;
		case o_lease:
			options.lease_seconds = PositiveNumber(optarg, "lease-seconds");
			break;
		case o_max_attempts:
			options.max_attempts = PositiveNumber(optarg, "max-attempts");
			break;
		case o_retry_delay:
			options.retry_delay = PositiveNumber(optarg, "retry-delay");
			break;
		case o_poll:
			options.poll_seconds = PositiveNumber(optarg, "poll-seconds");
			break;
		case o_help:
			std::cout << usage_text;
			return 0;
		case o_version:
			std::cout << "pg_dunning " << PG_DUNNING_VERSION << std::endl;
			return 0;
		case '?':
			if (optopt == 0 && std::strcmp(argv[optind - 1], "-?") == 0) {
				std::cout << usage_text;
				return 0;
			}
			std::cerr << "Try \"pg_dunning --help\" for more information." << std::endl;
			return 2;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		std::cerr
			<< "pg_dunning: a command is required: deliver or pdf\nTry \"pg_dunning --help\" for more information."
			<< std::endl;
		return 2;
	}
	std::string command = argv[optind];
	std::signal(SIGINT, OnSignal);
	std::signal(SIGTERM, OnSignal);
	std::signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int status = 2;
	try {
		if (command == "deliver" && optind + 1 == argc)
			status = Deliver(options);
		else if (command == "pdf" && optind + 2 == argc)
			status = Pdf(options, argv[optind + 1]);
		else {
			std::cerr << "pg_dunning: usage: pg_dunning deliver [OPTION]... | pg_dunning pdf [OPTION]... LETTER_ID\n"
					  << "Try \"pg_dunning --help\" for more information." << std::endl;
			status = 2;
		}
	} catch (const DbError &e) {
		Say(std::string(e.what()) + (e.SqlState().empty() ? "" : " (SQLSTATE " + e.SqlState() + ")"));
		status = 2;
	} catch (const std::exception &e) {
		Say(e.what());
		status = 2;
	}
	curl_global_cleanup();
	return status;
}
