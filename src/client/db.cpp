#include "client/db.hpp"

namespace pg_dunning {

Db::Db(const std::vector<std::pair<std::string, std::string>> &parameters) {
	std::vector<const char *> keywords, values;
	for (const auto &[keyword, value] : parameters) {
		keywords.push_back(keyword.c_str());
		values.push_back(value.c_str());
	}
	keywords.push_back("fallback_application_name");
	values.push_back("pg_dunning");
	keywords.push_back(nullptr);
	values.push_back(nullptr);
	conn_ = PQconnectdbParams(keywords.data(), values.data(), 1);
	if (PQstatus(conn_) != CONNECTION_OK) {
		std::string message = PQerrorMessage(conn_);
		while (!message.empty() && message.back() == '\n')
			message.pop_back();
		PQfinish(conn_);
		conn_ = nullptr;
		throw DbError("cannot connect to the database: " + message, "08001");
	}
}

Db::~Db() {
	if (conn_ != nullptr)
		PQfinish(conn_);
}

Rows
Db::Exec(const std::string &sql, const std::vector<std::optional<std::string>> &params) {
	std::vector<const char *> values;
	for (const auto &param : params)
		values.push_back(param ? param->c_str() : nullptr);
	PGresult *result =
		PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
	ExecStatusType status = PQresultStatus(result);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
		std::string message = PQresultErrorMessage(result);
		if (message.empty())
			message = PQerrorMessage(conn_);
		while (!message.empty() && message.back() == '\n')
			message.pop_back();
		std::string sqlstate = state ? state : "";
		PQclear(result);
		throw DbError(message, sqlstate);
	}
	Rows rows;
	int n = PQntuples(result), fields = PQnfields(result);
	for (int r = 0; r < n; r++) {
		std::vector<std::string> row;
		std::vector<bool> null;
		for (int f = 0; f < fields; f++) {
			row.emplace_back(PQgetvalue(result, r, f), static_cast<size_t>(PQgetlength(result, r, f)));
			null.push_back(PQgetisnull(result, r, f) != 0);
		}
		rows.rows.push_back(std::move(row));
		rows.nulls.push_back(std::move(null));
	}
	PQclear(result);
	return rows;
}

} // namespace pg_dunning
