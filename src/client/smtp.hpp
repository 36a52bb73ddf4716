// Sending one letter over SMTP with libcurl: a MIME message (text/plain body, the letter as a PDF
// attachment), To, Cc, Subject, Date and a stable Message-ID; STARTTLS or SMTPS; AUTH with a user
// and a password that never appears in a log.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace pg_dunning {

struct SmtpOptions {
	std::string url;	  // smtp://host[:port] or smtps://host[:port]
	std::string tls;	  // starttls (required), try, none; ignored for smtps://
	std::string user;	  // may be empty: no AUTH
	std::string password; // from the environment or a file, never argv
	long timeout_seconds = 60;
};

struct Email {
	std::string from_header;   // "Name <addr>" or "addr"
	std::string envelope_from; // addr
	std::string to;
	std::vector<std::string> cc;
	std::string subject;
	std::string body;
	std::string message_id; // <dunning-ID@domain>
	std::string pdf;		// empty: no attachment
	std::string pdf_name;
};

struct SendResult {
	enum class Kind {
		sent,
		temporary,	// 4xx: retry this letter later
		permanent,	// 5xx: the server refused this letter
		connection, // no connection, TLS, timeout: the server is unreachable, retry later
		setup,		// wrong URL, login refused: no letter can be sent until the setup is fixed
	};
	Kind kind = Kind::sent;
	std::string message; // the server's reply, or curl's description
};

class Mailer {
  public:
	explicit Mailer(SmtpOptions options);
	~Mailer();
	Mailer(const Mailer &) = delete;
	Mailer &operator=(const Mailer &) = delete;
	SendResult Send(const Email &email);

  private:
	SmtpOptions options_;
	void *curl_ = nullptr; // CURL*, kept so that consecutive letters reuse the connection
};

// Checks the URL (smtp:// or smtps://, a host, no password in it); returns an error or "".
std::string CheckSmtpUrl(const std::string &url);

// Whether an address can go into a header and RCPT TO unchanged (no spaces, no CR/LF, one @).
bool PlainAddress(const std::string &address);

// A header value, RFC 2047 encoded (UTF-8, base64) when it is not printable ASCII; CR/LF dropped.
std::string EncodeHeader(const std::string &text);

} // namespace pg_dunning
