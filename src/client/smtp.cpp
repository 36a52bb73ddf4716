#include "client/smtp.hpp"

#include <ctime>
#include <curl/curl.h>

namespace pg_dunning {

namespace {

const char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string
Base64(const std::string &bytes) {
	std::string out;
	size_t i = 0;
	for (; i + 2 < bytes.size(); i += 3) {
		unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
					 static_cast<unsigned char>(bytes[i + 2]);
		out += base64_alphabet[(n >> 18) & 63];
		out += base64_alphabet[(n >> 12) & 63];
		out += base64_alphabet[(n >> 6) & 63];
		out += base64_alphabet[n & 63];
	}
	if (i + 1 == bytes.size()) {
		unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
		out += base64_alphabet[(n >> 18) & 63];
		out += base64_alphabet[(n >> 12) & 63];
		out += "==";
	} else if (i + 2 == bytes.size()) {
		unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
		out += base64_alphabet[(n >> 18) & 63];
		out += base64_alphabet[(n >> 12) & 63];
		out += base64_alphabet[(n >> 6) & 63];
		out += '=';
	}
	return out;
}

/* Server error replies (CURLINFO_HEADER_IN) only: what curl sends (AUTH with the password) is never kept. */
int
Debug(CURL *, curl_infotype type, char *data, size_t size, void *closure) {
	if (type != CURLINFO_HEADER_IN)
		return 0;
	std::string line(data, size);
	while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
		line.pop_back();
	// the reply that failed the transfer: the last 4xx or 5xx (curl may still close with QUIT / 221)
	if (!line.empty() && (line[0] == '4' || line[0] == '5'))
		*static_cast<std::string *>(closure) = line;
	return 0;
}

std::string
RfcDate() {
	std::time_t now = std::time(nullptr);
	std::tm utc{};
	gmtime_r(&now, &utc);
	static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char buffer[64];
	std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[utc.tm_wday], utc.tm_mday,
				  months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
	return buffer;
}

} // namespace

std::string
EncodeHeader(const std::string &text) {
	std::string clean;
	for (char c : text)
		clean += (c == '\r' || c == '\n') ? ' ' : c;
	bool plain = true;
	for (char c : clean)
		if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
			plain = false;
	if (plain)
		return clean;
	// encoded words of at most 45 bytes of UTF-8 each (60 base64 characters), never splitting a character
	std::string out;
	size_t start = 0;
	while (start < clean.size()) {
		size_t end = std::min(start + 45, clean.size());
		while (end < clean.size() && end > start && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80)
			end--;
		if (!out.empty())
			out += "\r\n ";
		out += "=?UTF-8?B?" + Base64(clean.substr(start, end - start)) + "?=";
		start = end;
	}
	return out;
}

bool
PlainAddress(const std::string &address) {
	size_t at = address.find('@');
	if (at == std::string::npos || at == 0 || at + 1 >= address.size() ||
		address.find('@', at + 1) != std::string::npos)
		return false;
	for (char c : address)
		if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
			static_cast<unsigned char>(c) == 0x7f)
			return false;
	return true;
}

std::string
CheckSmtpUrl(const std::string &url) {
	CURLU *handle = curl_url();
	std::string error;
	if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
		error = "the SMTP URL \"" + url + "\" is not a URL (expected smtp://host:port or smtps://host:port)";
	} else {
		char *scheme = nullptr, *host = nullptr, *password = nullptr;
		curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0);
		curl_url_get(handle, CURLUPART_HOST, &host, 0);
		curl_url_get(handle, CURLUPART_PASSWORD, &password, 0);
		std::string s = scheme ? scheme : "";
		if (s != "smtp" && s != "smtps")
			error = "the SMTP URL \"" + url + "\" has the scheme \"" + s + "\"; use smtp:// (STARTTLS) or smtps://";
		else if (host == nullptr || *host == '\0')
			error = "the SMTP URL \"" + url + "\" has no host";
		else if (password != nullptr)
			error =
				"the SMTP URL must not contain a password; set PG_DUNNING_SMTP_PASSWORD or use --smtp-password-file";
		curl_free(scheme);
		curl_free(host);
		curl_free(password);
	}
	curl_url_cleanup(handle);
	return error;
}

Mailer::Mailer(SmtpOptions options) : options_(std::move(options)) {}

Mailer::~Mailer() {
	if (curl_ != nullptr)
		curl_easy_cleanup(static_cast<CURL *>(curl_));
}

SendResult
Mailer::Send(const Email &email) {
	if (curl_ == nullptr)
		curl_ = curl_easy_init();
	CURL *curl = static_cast<CURL *>(curl_);
	if (curl == nullptr)
		return {SendResult::Kind::setup, "curl_easy_init failed"};
	curl_easy_reset(curl);

	std::string reply;
	char error_buffer[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); // for the debug callback: server replies only
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, Debug);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &reply);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(options_.timeout_seconds, 30L));
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (options_.url.rfind("smtps://", 0) != 0)
		curl_easy_setopt(curl, CURLOPT_USE_SSL,
						 options_.tls == "none"	 ? static_cast<long>(CURLUSESSL_NONE)
						 : options_.tls == "try" ? static_cast<long>(CURLUSESSL_TRY)
												 : static_cast<long>(CURLUSESSL_ALL));
	if (!options_.user.empty()) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
		curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
	}
	std::string mail_from = "<" + email.envelope_from + ">";
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());

	curl_slist *recipients = curl_slist_append(nullptr, ("<" + email.to + ">").c_str());
	for (const std::string &cc : email.cc)
		recipients = curl_slist_append(recipients, ("<" + cc + ">").c_str());
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);

	std::string cc_header;
	for (const std::string &cc : email.cc)
		cc_header += (cc_header.empty() ? "" : ", ") + cc;
	curl_slist *headers = nullptr;
	headers = curl_slist_append(headers, ("Date: " + RfcDate()).c_str());
	headers = curl_slist_append(headers, ("From: " + email.from_header).c_str());
	headers = curl_slist_append(headers, ("To: " + email.to).c_str());
	if (!cc_header.empty())
		headers = curl_slist_append(headers, ("Cc: " + cc_header).c_str());
	headers = curl_slist_append(headers, ("Subject: " + EncodeHeader(email.subject)).c_str());
	headers = curl_slist_append(headers, ("Message-ID: " + email.message_id).c_str());
	headers = curl_slist_append(headers, "Auto-Submitted: auto-generated");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

	curl_mime *mime = curl_mime_init(curl);
	curl_mimepart *part = curl_mime_addpart(mime);
	curl_mime_data(part, email.body.data(), email.body.size());
	curl_mime_type(part, "text/plain; charset=UTF-8");
	curl_mime_encoder(part, "quoted-printable");
	if (!email.pdf.empty()) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, email.pdf.data(), email.pdf.size());
		curl_mime_type(part, "application/pdf");
		curl_mime_filename(part, email.pdf_name.c_str());
		curl_mime_encoder(part, "base64");
	}
	curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);

	CURLcode code = curl_easy_perform(curl);
	long response = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	curl_slist_free_all(recipients);

	if (code == CURLE_OK)
		return {SendResult::Kind::sent, ""};
	// a failed transfer may leave the session in any state: the next letter opens a new one
	curl_easy_cleanup(curl);
	curl_ = nullptr;
	std::string description = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
	switch (code) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_NOT_BUILT_IN:
		return {SendResult::Kind::setup, description + (reply.empty() ? "" : " (server: " + reply + ")")};
	default:
		break;
	}
	if (response >= 500 && response < 600)
		return {SendResult::Kind::permanent, reply.empty() ? description : reply};
	if (response >= 400 && response < 500)
		return {SendResult::Kind::temporary, reply.empty() ? description : reply};
	return {SendResult::Kind::connection, description};
}

} // namespace pg_dunning
